import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [preact()],
  build: {
    // The server serves dist/ itself; the ES target matches the browsers the snippet supports.
    target: 'es2020',
    // The dev server proxies the API so `vite` works against a running `npm start`.
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});

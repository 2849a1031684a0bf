/** Output for CLI tests: what a command writes is kept as text instead of reaching the terminal. */
import type { Output } from '../main.ts';

export interface CapturedOutput extends Output {
  /** Everything written so far; a test may read it while the command still runs. */
  readonly text: string;
}

export function captureOutput(): CapturedOutput {
  let text = '';
  return {
    write: (chunk: string) => (text += chunk),
    get text() {
      return text;
    },
  };
}

/** Runs a command against fresh stdout and stderr captures and returns its exit code and both texts. */
export async function runCaptured(
  run: (io: { stdout: CapturedOutput; stderr: CapturedOutput }) => Promise<number>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await run({ stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The script's version, sent as `v` with every request so the server can tell old scripts apart. */
export const VERSION = '0.1.0';

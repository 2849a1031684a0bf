// placeholder until the runtime lands
declare const CALLTRAIL_SETTINGS: unknown;
console.log(CALLTRAIL_SETTINGS);

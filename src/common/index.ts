export * from "./ids.ts";
export * from "./assert.ts";
export * from "./request-code.ts";
export * from "./response-code.ts";
export * from "./version.ts";
export * from "./log.ts";
export * from "./topic-config.ts";

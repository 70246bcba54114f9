// Timer messages (RIP-43): the send path parks them (send/timer-routing.ts); the timer service
// delivers them when due.
export { TimerService, type TimerOptions } from "./timer-service.ts";

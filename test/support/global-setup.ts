// Shared test setup. Redis suites start their own redis-server per test file (test/support/redis.ts):
// a suite that kills or freezes its server to test failures must not take other suites' Redis down.
export default async function setup(): Promise<void> {}

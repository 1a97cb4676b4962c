// Shared test setup. The Redis suite adds its server here (see test/support/redis.ts when present).
export default async function setup(): Promise<void> {}

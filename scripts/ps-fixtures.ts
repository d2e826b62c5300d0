export function makePsFixtures(_out: string): void {}

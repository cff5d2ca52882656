/**
 * A server (emulator, fake ORCID...) that a test file starts in its hooks, and an object that
 * stands for it from the start on: property reads and method calls go to the one currently
 * running, so tests can hold it in a `const`.
 */

export type SuiteResource<T> = T & {
	/** Starts a new one in place of the current (after a test stopped it). */
	restart(): Promise<void>;
};

/** `scope` 'all': one for the file (or describe); 'each': a fresh one for every test. */
export function suiteResource<T extends object>(
	scope: 'all' | 'each',
	start: () => Promise<T>,
	stop: (resource: T) => Promise<void>,
): SuiteResource<T> {
	let current: T | undefined;
	const now = (): T => {
		if (!current) throw new Error('the server runs only while the suite runs');
		return current;
	};
	const restart = async () => {
		current = await start();
	};
	const before = scope === 'all' ? beforeAll : beforeEach;
	const after = scope === 'all' ? afterAll : afterEach;
	before(restart);
	after(async () => {
		if (current) await stop(current);
		current = undefined;
	});
	return new Proxy({} as SuiteResource<T>, {
		get(_target, key) {
			if (key === 'restart') return restart;
			const resource = now();
			const value: unknown = Reflect.get(resource, key);
			return typeof value === 'function' ? value.bind(resource) : value;
		},
	});
}

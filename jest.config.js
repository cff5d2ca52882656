/** Jest runs every suite: unit, engine (n8n-core in-process), emulator conformance, e2e (real n8n). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', isolatedModules: true }],
	},
	setupFiles: ['<rootDir>/test/setup-env.js'],
	testTimeout: 60000,
	// the e2e suites share one n8n install and the machine has two cores
	maxWorkers: 2,
};

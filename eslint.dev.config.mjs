// Lint for the code n8n never loads: tests, the emulator, benchmarks and tooling. The shipped
// code (nodes/, credentials/, package.json) is linted by eslint.config.mjs, which stays n8n's
// default config byte for byte (package.json "n8n.strict": true; @n8n/node-cli lint checks it).
// `npm run lint` runs both.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.tools/**',
			'coverage/**',
			'bench/results/**',
			'**/*.d.ts',
			'nodes/**',
			'credentials/**',
		],
	},
	...[js.configs.recommended, ...tseslint.configs.recommended].map((c) => ({ ...c, files: ['**/*.{ts,js,mjs,cjs}'] })),
	{
		files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
		languageOptions: {
			sourceType: 'commonjs',
			globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', fetch: 'readonly', AbortController: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', exports: 'writable', structuredClone: 'readonly', queueMicrotask: 'readonly' },
		},
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
	{
		files: ['test/**/*.ts', 'bench/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
);

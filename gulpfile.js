// Copies the ORCID iD icons next to the compiled JavaScript, keeping their paths,
// so that the `file:` icon references of nodes and credentials resolve inside dist/.
const { task, src, dest } = require('gulp');

function copy(glob, base) {
	return new Promise((resolve, reject) => {
		src(glob, { base, encoding: false }).pipe(dest('dist')).on('finish', resolve).on('error', reject);
	});
}

task('build:icons', () => Promise.all([copy('nodes/**/*.{png,svg}', '.'), copy('credentials/**/*.{png,svg}', '.')]));

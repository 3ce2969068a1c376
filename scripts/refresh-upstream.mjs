#!/usr/bin/env node
// Refreshes the vendored upstream artifacts of one llm-d release (tests/fixtures/upstream/<release>/)
// from git checkouts of the upstream repositories, as listed in that folder's sources.json
// (or sources.<area>.json files, merged).
//
//   node scripts/refresh-upstream.mjs <release> [--mirrors DIR] [--check] [--update-commits]
//
// Each sources.json entry names the file to write, the repository, the ref (tag or branch) and the
// commit it resolved to, and the extractor (scripts/upstream/<extractor>.mjs) that turns upstream
// files into the artifact: a verbatim copy, a flag list parsed from source, a plugin registry...
// Repositories are read from DIR (default $UPSTREAM_MIRRORS, else /work/.mirror) as bare or normal
// git directories named <owner>+<name>/repo, <owner>+<name>, or <owner>/<name>; clone the
// repositories there first (git clone --bare https://github.com/<owner>/<name> DIR/<owner>+<name>).
//   --check           writes nothing; exits 1 when a file differs from what the extractor produces
//   --update-commits  accepts a ref that moved (records the new commit) instead of failing
//   --set AREA        only sources.AREA.json;  --only FILE  only that artifact
// After writing, PROVENANCE.md is regenerated from sources.json.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { git, repoAt, requireGitDir } from "./upstream/repo.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");

function usage(msg) {
    if (msg) console.error(`refresh-upstream: ${msg}`);
    console.error("usage: node scripts/refresh-upstream.mjs <release> [--mirrors DIR] [--set AREA] [--only FILE] [--check] [--update-commits]");
    process.exit(2);
}

const args = process.argv.slice(2);
const valued = new Set(["--mirrors", "--only", "--set"]);
const release = args.find((a, i) => !a.startsWith("--") && !valued.has(args[i - 1]));
if (!release) usage("name a release (a folder of tests/fixtures/upstream)");
const flag = (name) => args.includes(name);
const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
};
const mirrors = option("--mirrors") ?? process.env.UPSTREAM_MIRRORS ?? "/work/.mirror";
const only = option("--only");
const dir = path.join(root, "tests", "fixtures", "upstream", release);
// sources.json, or several sources.<area>.json files (one per area: crds, router, vllm...), merged.
const set = option("--set");
const isSourceFile = (f) => /^sources(\.[a-z0-9-]+)?\.json$/.test(f);
const allSourceFiles = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter(isSourceFile).sort() : []);
const sourceFiles = allSourceFiles().filter((f) => !set || f === `sources.${set}.json`);
if (!sourceFiles.length) usage(`no sources*.json in ${path.relative(root, dir)}`);
const sourceSets = sourceFiles.map((f) => ({ file: path.join(dir, f), data: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
const sources = { release, notes: sourceSets.flatMap((s) => [].concat(s.data.notes ?? [])), artifacts: sourceSets.flatMap((s) => s.data.artifacts) };

/** The git directory of owner/name under the mirrors folder (an error says how to clone it). */
const gitDirOf = (repo) => requireGitDir(repo, mirrors);

let failed = false;
for (const artifact of sources.artifacts) {
    if (only && artifact.file !== only) continue;
    const gitDir = gitDirOf(artifact.repo);
    const resolved = git(gitDir, "rev-parse", `${artifact.ref}^{commit}`).trim();
    if (artifact.commit && artifact.commit !== resolved) {
        if (!flag("--update-commits")) {
            console.error(`${artifact.file}: ${artifact.repo}@${artifact.ref} is ${resolved}, sources.json records ${artifact.commit} (rerun with --update-commits to accept)`);
            failed = true;
            continue;
        }
    }
    artifact.commit = resolved;
    const mod = await import(path.join(here, "upstream", `${artifact.extractor}.mjs`));
    const out = await mod.default(repoAt(artifact.repo, gitDir, resolved), artifact);
    const target = path.join(dir, artifact.file);
    if (flag("--check")) {
        const have = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
        if (have !== out) {
            console.error(`${artifact.file}: differs from ${artifact.repo}@${artifact.ref} (${artifact.extractor})`);
            failed = true;
        }
        continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out);
    console.log(`${artifact.file}  <-  ${artifact.repo}@${artifact.ref} (${resolved.slice(0, 12)}) via ${artifact.extractor}`);
}
if (!flag("--check")) {
    for (const set of sourceSets) fs.writeFileSync(set.file, JSON.stringify(set.data, null, 2) + "\n");
    // PROVENANCE.md covers every set, read afresh (another set may have been refreshed meanwhile).
    const every = allSourceFiles().map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
    fs.writeFileSync(path.join(dir, "PROVENANCE.md"), provenance({ release, notes: every.flatMap((d) => [].concat(d.notes ?? [])), artifacts: every.flatMap((d) => d.artifacts) }));
}
process.exit(failed ? 1 : 0);

function provenance(s) {
    const rows = s.artifacts.map((a) => `| \`${a.file}\` | ${a.repo} | ${[].concat(a.paths ?? a.path ?? []).map((p) => `\`${p}\``).join(", ")} | ${a.ref} | \`${a.commit}\` | ${a.extractor} |`);
    return [
        `# Upstream artifacts of llm-d ${s.release}`,
        "",
        "Generated by `node scripts/refresh-upstream.mjs " + s.release + "` from `sources.json`; do not edit by hand.",
        "Each file is taken from the repository at the tag (or branch) shown, resolved to the commit shown, by the",
        "extractor in `scripts/upstream/` named in the last column (`copy` = verbatim; others parse upstream source).",
        ...(s.notes ? ["", ...[].concat(s.notes)] : []),
        "",
        "| file | repository | upstream path(s) | ref | commit | extractor |",
        "|---|---|---|---|---|---|",
        ...rows,
        "",
    ].join("\n");
}

// Every flag of `vllm serve` at one vLLM commit, parsed from vLLM's own CLI source (no hand list).
//
// artifact fields (sources.vllm.json):
//   repo: "vllm-project/vllm", ref: the vLLM tag (e.g. "v0.23.0"), commit: what the tag resolved to
//   vllm (optional): the version to record in the output (default: ref)
//   entry (optional): the `vllm` subcommand, "serve" (default)
//   paths: documentation only (the files the parser is built from); the helper asks for what it needs
//   approximates (optional): when ref is not the vLLM tag itself but a stand-in commit (e.g. the main-branch
//     commit a release branch was cut from, because the tag's commit cannot be read here), an object
//     { "tag", "tagCommit", "note" } copied into the output as "approximates", so a consumer sees the list is
//     not the tag's own
//
// The work is done by scripts/upstream/vllm_flags.py (Python `ast`, no vLLM/torch import): it interprets
// ServeSubcommand.subparser_init -> make_arg_parser -> FrontendArgs/AsyncEngineArgs/EngineArgs.add_cli_args,
// evaluating get_kwargs(<config dataclass>) from the dataclass fields' annotations the way
// vllm/engine/arg_utils.py _compute_kwargs does (with that version's own if/elif type dispatch, one of the chains
// the helper knows; an unknown chain fails the run). It asks for the vLLM modules it needs ({"need": [...]});
// this driver reads them from the repository at the commit and calls it again until it answers.
// Output: JSON, 2-space indent, sorted keys, trailing newline:
//   { "vllm": "<tag>", "subcommand": "serve", "positionals": [...], "source": { repo, ref, commit }, "approximates"?,
//     "flags": { "--name": { "type": "int"|"float"|"str"|"bool"|"json"|"choice"|"list", "choices"?, "itemType"?,
//                            "takesValue": bool, "valueOptional"?, "aliases"?, "deprecated"?, "negates"?, "group"? } },
//     "kvEventsConfigFields": {...}, "kvTransferConfigFields": {...} }
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), "vllm_flags.py");

export default async function vllmFlags(src, artifact) {
    const tag = artifact.vllm ?? artifact.ref;
    const entry = artifact.entry ?? "serve";
    const files = {};
    const missing = [];
    // every file under vllm/ at the commit, listed once (cheaper and quieter than probing paths one by one)
    const tree = new Set(src.list("vllm"));
    for (let round = 0; round < 60; round++) {
        const run = spawnSync(process.env.PYTHON ?? "python3", [helper], {
            input: JSON.stringify({ tag, entry, files, missing }),
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        });
        if (run.error) throw new Error(`${artifact.file}: cannot run python3 (${run.error.message})`);
        if (run.status !== 0) throw new Error(`${artifact.file}: vllm_flags.py failed at ${src.repo}@${src.commit}:\n${run.stderr}`);
        const answer = JSON.parse(run.stdout);
        if (answer.result) {
            const out = { ...answer.result, source: { repo: src.repo, ref: artifact.ref, commit: src.commit } };
            if (artifact.approximates) out.approximates = artifact.approximates;
            return JSON.stringify(sortKeys(out), null, 2) + "\n";
        }
        const need = answer.need ?? [];
        if (!need.length) throw new Error(`${artifact.file}: vllm_flags.py gave no result`);
        for (const p of need) {
            if (p in files || missing.includes(p)) throw new Error(`${artifact.file}: vllm_flags.py asked twice for ${p}`);
            if (tree.has(p)) files[p] = src.read(p);
            else missing.push(p);
        }
    }
    throw new Error(`${artifact.file}: vllm_flags.py kept asking for more modules`);
}

function sortKeys(v) {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
    return v;
}

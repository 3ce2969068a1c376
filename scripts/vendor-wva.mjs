#!/usr/bin/env node
// Renders llm-d's Workload Variant Autoscaler install for one release, the way the release's guide
// runs it (`kubectl apply -k` on guides/workload-autoscaling/.../platform/k8s, which pulls WVA's
// namespace-scoped overlay from the WVA repository at the release's ref), and vendors the result as
// components/catalog/releases/upstream/wva-<release>.json with its provenance.
//
//   node scripts/vendor-wva.mjs <release> [--mirrors DIR] [--check]
//
// Needs kubectl (for `kubectl kustomize`) and git checkouts of the repositories in DIR (default
// $UPSTREAM_MIRRORS, else /work/.mirror), as scripts/upstream/repo.mjs finds them. The guide's remote resource is
// replaced by a local export of the WVA tree at the commit below; nothing else in the guide changes.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { git, mirrorsDir, requireGitDir } from "./upstream/repo.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// llm-d's guide names a WVA branch (release-0.8, release-0.9) that no available mirror holds; each
// entry names the commit of WVA used instead and why it stands for that branch.
const RELEASES = {
    "v0.8.1": {
        llmd: { repo: "zetxqx/llm-d", commit: "b2afd41395c185a7eac19268e28e832dbe220b9e", guide: "guides/workload-autoscaling/wva-config/platform/k8s" },
        remote: "github.com/llm-d/llm-d-workload-variant-autoscaler/config/overlays/namespace-scoped/kubernetes?ref=release-0.8",
        crd: "github.com/llm-d/llm-d-workload-variant-autoscaler/config/base/crd?ref=release-0.8",
        wva: {
            repo: "deanlorenz/llm-d-workload-variant-autoscaler",
            commit: "fbbdbbb9328429ceb7940ffcb1e0d0ffe5c13b47",
            ref: "v0.8.0",
            why: "tag v0.8.0 (2026-06-22), the release the release-0.8 branch ships; the branch itself is not mirrored",
            // The tag's kustomization still names the v0.7.0 image; the tag's own release workflow
            // (.github/workflows/ci-release.yaml) builds and pushes the image of this tree as v0.8.0.
            image: "ghcr.io/llm-d/llm-d-workload-variant-autoscaler:v0.8.0",
        },
    },
    "v0.9.0": {
        llmd: { repo: "scydas/llm-d", commit: "e3dbeca185fa91cf263f8135a681721cebcc057e", guide: "guides/workload-autoscaling/wva/controller/platform/k8s" },
        remote: "github.com/llm-d/llm-d-workload-variant-autoscaler/config/overlays/namespace-scoped/kubernetes?ref=release-0.9",
        wva: {
            repo: "deanlorenz/llm-d-workload-variant-autoscaler",
            commit: "d5d586408420fbe0545f827a6ff5dc2f818b16de",
            ref: "main",
            why: "\"Prepare for release v0.9.0 (#1522)\" (2026-08-07), which sets the image to v0.9.0; no later commit up to 2026-08-18 (llm-d v0.9.0) touches config/",
        },
    },
};

const args = process.argv.slice(2);
const release = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--mirrors");
const mirrors = mirrorsDir();
const r = RELEASES[release];
if (!r) {
    console.error(`vendor-wva: name a release: ${Object.keys(RELEASES).join(", ")}`);
    process.exit(2);
}

function exportTree(repo, commit, subdir, into) {
    fs.mkdirSync(into, { recursive: true });
    const tar = execFileSync("git", ["--git-dir", requireGitDir(repo, mirrors), "archive", commit, subdir], { maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", into], { input: tar });
}
function fullCommit(repo, commit) {
    return git(requireGitDir(repo, mirrors), "rev-parse", `${commit}^{commit}`).trim();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vendor-wva-"));
try {
    exportTree(r.llmd.repo, r.llmd.commit, path.dirname(path.dirname(r.llmd.guide)), path.join(tmp, "llmd"));
    exportTree(r.wva.repo, r.wva.commit, "config", path.join(tmp, "wva"));
    const guide = path.join(tmp, "llmd", r.llmd.guide);
    const kfile = path.join(guide, "kustomization.yaml");
    const text = fs.readFileSync(kfile, "utf8");
    if (!text.includes(r.remote)) throw new Error(`${r.llmd.guide}/kustomization.yaml no longer names ${r.remote}`);
    const local = path.relative(guide, path.join(tmp, "wva", "config/overlays/namespace-scoped/kubernetes"));
    fs.writeFileSync(kfile, text.replace(r.remote, local));
    const kustomize = (dir) => execFileSync("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", dir], { maxBuffer: 1 << 28 }).toString();
    const docs = (s) => parseAllDocuments(s).map((d) => d.toJSON()).filter(Boolean);
    const crds = r.crd ? docs(kustomize(path.join(tmp, "wva", "config/base/crd"))) : [];
    const controller = docs(kustomize(guide));
    if (r.wva.image) {
        const dep = controller.find((o) => o.kind === "Deployment");
        for (const c of dep.spec.template.spec.containers) if (c.image.startsWith("ghcr.io/llm-d/llm-d-workload-variant-autoscaler:")) c.image = r.wva.image;
    }
    const out = {
        release,
        source: {
            guide: `llm-d/llm-d@${fullCommit(r.llmd.repo, r.llmd.commit)}:${r.llmd.guide} (kubectl kustomize)`,
            remote: r.remote,
            ...(r.crd ? { crd: r.crd } : {}),
            wva: `llm-d/llm-d-workload-variant-autoscaler@${r.wva.commit} (${r.wva.ref}; read from the ${r.wva.repo} mirror): ${r.wva.why}`,
            ...(r.wva.image ? { image: `${r.wva.image}: set by this script (the tag's kustomization names an older image)` } : {}),
            rendered: "scripts/vendor-wva.mjs",
        },
        crds,
        objects: controller,
    };
    const file = path.join(root, "components/catalog/releases/upstream", `wva-${release}.json`);
    const body = JSON.stringify(out, null, 1) + "\n";
    if (args.includes("--check")) {
        const same = fs.existsSync(file) && fs.readFileSync(file, "utf8") === body;
        console.log(same ? `${path.relative(root, file)} is current` : `${path.relative(root, file)} differs`);
        process.exit(same ? 0 : 1);
    }
    fs.writeFileSync(file, body);
    console.log(`wrote ${path.relative(root, file)}: ${crds.length} CRD(s), ${controller.length} objects`);
} finally {
    fs.rmSync(tmp, { recursive: true, force: true });
}

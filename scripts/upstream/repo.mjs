// Read access to upstream git mirrors, shared by the refresh scripts and the extractors.
//
// Mirrors live under DIR (`--mirrors DIR`, else $UPSTREAM_MIRRORS, else /work/.mirror) as bare or
// normal git directories named <owner>+<name>/repo, <owner>+<name>, or <owner>/<name>.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The mirrors folder this process was pointed at. */
export function mirrorsDir(argv = process.argv) {
    const i = argv.indexOf("--mirrors");
    if (i >= 0 && argv[i + 1]) return argv[i + 1];
    return process.env.UPSTREAM_MIRRORS ?? "/work/.mirror";
}

/** The git directory of owner/name under the mirrors folder, or null. */
export function findGitDir(repo, mirrors = mirrorsDir()) {
    const [owner, name] = repo.split("/");
    for (const c of [path.join(mirrors, `${owner}+${name}`, "repo"), path.join(mirrors, `${owner}+${name}`), path.join(mirrors, owner, name)]) {
        if (fs.existsSync(c)) return fs.existsSync(path.join(c, ".git")) ? path.join(c, ".git") : c;
    }
    return null;
}

/** The git directory of owner/name, or an error saying how to get it. */
export function requireGitDir(repo, mirrors = mirrorsDir()) {
    const d = findGitDir(repo, mirrors);
    if (!d) throw new Error(`no git checkout of ${repo} under ${mirrors} (clone it: git clone --bare https://github.com/${repo} ${path.join(mirrors, repo.replace("/", "+"))})`);
    return d;
}

/** Runs git in a git directory; stdout as text (stderr lands in the thrown error). */
export function git(gitDir, ...args) {
    return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

/** The `src` handed to extractors: one repository at one commit, reads cached. */
export function repoAt(repo, gitDir, commit) {
    const cache = new Map();
    const list = (d) => git(gitDir, "ls-tree", "-r", "--name-only", commit, "--", d.replace(/\/$/, "")).split("\n").filter(Boolean).sort();
    let all = null;
    return {
        repo,
        commit,
        read: (p) => {
            if (!cache.has(p)) cache.set(p, git(gitDir, "show", `${commit}:${p}`));
            return cache.get(p);
        },
        exists: (p) => {
            try {
                git(gitDir, "cat-file", "-e", `${commit}:${p}`);
                return true;
            } catch {
                return false;
            }
        },
        /** Every file path under a folder (recursive), sorted. */
        list,
        /** Every file of the repository at the commit (cached). */
        all: () => (all ??= list(".")),
    };
}

/** Another repository at a ref, for extractors that follow dependencies; `{error}` when it cannot be read. */
export function openRepo(repo, ref) {
    const gitDir = findGitDir(repo);
    if (!gitDir) return { error: `no mirror of ${repo} under ${mirrorsDir()}` };
    let commit;
    try {
        commit = git(gitDir, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`).trim();
    } catch {
        return { error: `${repo} has no ref ${ref} in the mirror` };
    }
    return repoAt(repo, gitDir, commit);
}

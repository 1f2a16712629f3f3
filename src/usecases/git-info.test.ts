import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readGitInfo } from "./git-info.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-git-info-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=evalgate", "-c", "user.email=evalgate@example.com", ...args], { cwd, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();

describe("the repository a suite lives in", () => {
  it("gives the commit, clean until a tracked file changes, and nulls outside a repository", async () => {
    const repo = join(dir, "repo");
    mkdirSync(repo);
    git(repo, "init", "-q");
    writeFileSync(join(repo, "suite.yaml"), "name: s\n");
    git(repo, "add", "suite.yaml");
    git(repo, "commit", "-q", "-m", "suite");
    const head = git(repo, "rev-parse", "HEAD");
    expect(await readGitInfo(repo)).toEqual({ commit: head, dirty: false });
    writeFileSync(join(repo, "untracked.txt"), "not part of the repository\n");
    expect((await readGitInfo(repo)).dirty).toBe(false);
    writeFileSync(join(repo, "suite.yaml"), "name: changed\n");
    expect(await readGitInfo(repo)).toEqual({ commit: head, dirty: true });
    const outside = mkdtempSync(join(tmpdir(), "evalgate-no-repo-"));
    try {
      expect(await readGitInfo(outside)).toEqual({ commit: null, dirty: null });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

// The release a config that names none follows: the newest whose pins are verified against
// upstream. Its own module so `llmd --version` can name it without loading the release data.
export const DEFAULT_RELEASE_NAME = "v0.9.0";

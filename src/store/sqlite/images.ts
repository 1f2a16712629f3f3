import type Database from "better-sqlite3";
import type { StoredImage } from "../image-refs.js";

interface ImageRow {
  media_type: string;
  data: Buffer;
}

/**
 * The images attempts sent (migration 009, docs/design/store.md "Images"): one row per
 * distinct image, by the sha256 of its bytes, which a stored raw request names instead of
 * the base64 data URL it sent. Images are kept as their files' bytes (already compressed
 * formats: deflate would not shrink them).
 */
export class ImageTable {
  // Prepared on first use, as the payload codec's: a store opened on an older database must still open.
  private statements?: { insert: Database.Statement; select: Database.Statement<[string], ImageRow> };

  constructor(private readonly db: Database.Database) {}

  private get sql() {
    this.statements ??= {
      insert: this.db.prepare("INSERT OR IGNORE INTO images (sha256, media_type, size, data) VALUES (?, ?, ?, ?)"),
      select: this.db.prepare<[string], ImageRow>("SELECT media_type, data FROM images WHERE sha256 = ?"),
    };
    return this.statements;
  }

  /** Call inside the attempt's transaction; an image stored before is left as it is. */
  put(image: StoredImage): void {
    this.sql.insert.run(image.sha256, image.mediaType, image.bytes.length, image.bytes);
  }

  get(sha256: string): StoredImage | undefined {
    const row = this.sql.select.get(sha256);
    return row ? { sha256, mediaType: row.media_type, bytes: row.data } : undefined;
  }
}

package io.streambert.processor.rollout.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What a file in the bundle cache looked like when the fetcher verified it: a cached zip or an
 * unpacked file is reused unhashed only while its stamp is unchanged. Links are not followed.
 */
record FileStamp(boolean regularFile, long size, Object fileKey, FileTime modified) {

  static FileStamp of(Path p) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return new FileStamp(a.isRegularFile(), a.size(), a.fileKey(), a.lastModifiedTime());
  }
}

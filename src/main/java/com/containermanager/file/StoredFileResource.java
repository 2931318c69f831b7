package com.containermanager.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.springframework.core.io.AbstractResource;

/**
 * A stored file for Spring MVC to send, whole or in ranges (it answers Range itself for a Resource body). Unlike
 * Spring's file resources it never follows a symbolic link: one planted in a user's folder cannot serve its target.
 */
final class StoredFileResource extends AbstractResource {

    private final Path path;
    private final String name;

    StoredFileResource(Path path, String name) {
        this.path = path;
        this.name = name;
    }

    @Override
    public boolean exists() {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public long contentLength() throws IOException {
        return attributes().size();
    }

    @Override
    public long lastModified() throws IOException {
        return attributes().lastModifiedTime().toMillis();
    }

    @Override
    public String getFilename() {
        return name;
    }

    @Override
    public String getDescription() {
        return "stored file " + name;
    }

    private BasicFileAttributes attributes() throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}

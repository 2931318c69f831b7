package com.containermanager.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What is on disk, for tests that must prove where bytes landed (and where they did not). */
public final class FileTree {

    private FileTree() {}

    /** Every path under root, relative to it, without following links; subtrees matching skip are left out. */
    public static Set<String> snapshot(Path root, Predicate<Path> skip) {
        Set<String> paths = new TreeSet<>();
        walk(root, skip, path -> paths.add(root.relativize(path).toString()));
        return paths;
    }

    /** Every path under root whose file name is this name (a subtree that changes meanwhile is tolerated). */
    public static List<Path> named(Path root, String name) {
        List<Path> found = new ArrayList<>();
        walk(root, path -> false, path -> {
            if (path.getFileName() != null && path.getFileName().toString().equals(name)) {
                found.add(path);
            }
        });
        return found;
    }

    /** The names in a folder (none when it does not exist), temporary files included. */
    public static List<String> names(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(Path root, Predicate<Path> skip, Consumer<Path> visitor) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (skip.test(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    visitor.accept(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    visitor.accept(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // PostgreSQL creates and removes files of its own while we look.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

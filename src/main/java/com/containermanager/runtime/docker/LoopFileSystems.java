package com.containermanager.runtime.docker;

import com.containermanager.runtime.EngineRefusedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hard size limit of a volume: an ext4 file system in a sparse file of the volume's size ({@code <id>.ext4}),
 * attached to a loop device, which the engine's local driver mounts ({@code type=ext4, device=<id>.dev}). The
 * device is named through a symbolic link ({@code <id>.dev}) that {@link #attach} points at the current loop
 * device, so that the engine's volume keeps one definition across reboots of the host (which detach every loop
 * device and renumber them): the service attaches the files again on start and on every use. A write past the size
 * fails in the container with "no space left on device". Needs root on the engine's host, and the directory on it.
 *
 * <p>Attaching is serialised on this host (a lock file in the directory, taken by every instance here): two
 * attachments of one file would be two file systems over the same blocks.
 */
final class LoopFileSystems implements VolumeBacking {

    private static final Logger log = LoggerFactory.getLogger(LoopFileSystems.class);
    private static final long TOOL_TIMEOUT_SECONDS = 120;

    private final Path directory;
    private final ReentrantLock local = new ReentrantLock();

    /** One per directory in this JVM: its lock file is locked by one channel at a time (a second would throw). */
    private static final java.util.Map<Path, LoopFileSystems> BY_DIRECTORY =
            new java.util.concurrent.ConcurrentHashMap<>();

    private LoopFileSystems(Path directory) {
        this.directory = directory;
    }

    /** The one of this directory (the Swarm adapter's node engines share the service's). */
    static LoopFileSystems of(Path directory) {
        return BY_DIRECTORY.computeIfAbsent(directory.toAbsolutePath().normalize(), LoopFileSystems::new);
    }

    Path image(UUID id) {
        return directory.resolve(id + ".ext4");
    }

    /** What the engine's local driver is given as the device: a link to the loop device the image is on. */
    Path device(UUID id) {
        return directory.resolve(id + ".dev");
    }

    @Override
    public Map<String, String> driverOptions(UUID id) {
        return Map.of("type", "ext4", "device", device(id).toString());
    }

    @Override
    public String limit() {
        return "hard";
    }

    /**
     * Makes the image (when missing) and attaches it (when not attached), pointing {@link #device} at its loop
     * device; safe to call again at any time.
     */
    @Override
    public void attach(UUID id, long sizeBytes) {
        locked(() -> {
            Path image = image(id);
            if (!Files.exists(image)) {
                format(image, sizeBytes);
            }
            String loop = attachedLoop(image)
                    .orElseGet(() ->
                            run("losetup", "--find", "--show", image.toString()).strip());
            Path link = device(id);
            Path fresh = directory.resolve(id + ".dev.new");
            Files.deleteIfExists(fresh);
            Files.createSymbolicLink(fresh, Path.of(loop));
            Files.move(fresh, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return null;
        });
    }

    /** Detaches the image and removes it and its link; absent ones are fine. */
    @Override
    public void remove(UUID id) {
        locked(() -> {
            Path image = image(id);
            if (Files.exists(image)) {
                for (String loop : attachedLoops(image)) {
                    run("losetup", "--detach", loop);
                }
            }
            Files.deleteIfExists(device(id));
            Files.deleteIfExists(image);
            return null;
        });
    }

    /**
     * Bytes in use on the volume's file system: from the mounted file system when the engine's mount point is one
     * of its loop device (a container uses it), else from the image's superblock (exact once unmounted).
     */
    @Override
    public long usedBytes(UUID id, Optional<String> mountpoint) {
        Path image = image(id);
        if (!Files.exists(image)) {
            return 0;
        }
        Optional<String> loop = attachedLoop(image);
        if (loop.isPresent() && mountpoint.isPresent()) {
            try {
                var store = Files.getFileStore(Path.of(mountpoint.get()));
                // The mount's source is what the engine was given (the link), or the device it names.
                if (store.name().equals(loop.get())
                        || store.name().equals(device(id).toString())) {
                    return store.getTotalSpace() - store.getUnallocatedSpace();
                }
            } catch (IOException e) {
                // not visible from here: the superblock's numbers
            }
        }
        long blocks = 0;
        long overhead = 0;
        long free = 0;
        long blockSize = 0;
        String superblock = run("dumpe2fs", "-h", image.toString());
        for (String line : superblock.split("\n")) {
            String[] field = line.split(":\\s*", 2);
            if (field.length < 2) {
                continue;
            }
            switch (field[0].strip()) {
                case "Block count" -> blocks = Long.parseLong(field[1].strip());
                case "Overhead clusters" -> overhead = Long.parseLong(field[1].strip());
                case "Free blocks" -> free = Long.parseLong(field[1].strip());
                case "Block size" -> blockSize = Long.parseLong(field[1].strip());
                default -> {}
            }
        }
        if (loop.isPresent()) {
            // Mounted where this process does not see it (a node engine's own mount namespace): the kernel's live
            // free counts; the superblock's are only written back at unmount.
            free = mountedFreeBlocks(loop.get()).orElse(free);
        }
        return Math.max(0, blocks - overhead - free) * blockSize;
    }

    /**
     * The free blocks of the ext4 file system mounted from this loop device anywhere on this kernel (in any mount
     * namespace), summed over its groups in {@code /proc/fs/ext4/<device>/mb_groups}; empty when it is not mounted.
     */
    static Optional<Long> mountedFreeBlocks(String loop) {
        Path groups = Path.of("/proc/fs/ext4", Path.of(loop).getFileName().toString(), "mb_groups");
        try {
            return Optional.of(freeBlocks(Files.readAllLines(groups)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The sum of the free column of mb_groups' lines ("#0    : 477   1     7715  [ 1 ..."). */
    static long freeBlocks(List<String> mbGroups) {
        long free = 0;
        for (String line : mbGroups) {
            if (line.startsWith("#group")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (line.startsWith("#") && colon > 0) {
                String[] fields = line.substring(colon + 1).strip().split("\\s+");
                free += Long.parseLong(fields[0]);
            }
        }
        return free;
    }

    /**
     * An ext4 file system of the size, without blocks reserved for root (the containers' root would get them), its
     * top folder writable by every user of the container (sticky, as /tmp): only the owner's containers mount it.
     */
    private void format(Path image, long sizeBytes) throws IOException {
        Files.createDirectories(directory);
        Path fresh = directory.resolve(image.getFileName() + ".new");
        try (RandomAccessFile file = new RandomAccessFile(fresh.toFile(), "rw")) {
            file.setLength(sizeBytes);
        }
        run("mkfs.ext4", "-q", "-F", "-m", "0", "-L", "cm-volume", fresh.toString());
        run("debugfs", "-w", "-R", "sif / mode 041777", fresh.toString());
        Files.move(fresh, image, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Optional<String> attachedLoop(Path image) {
        List<String> loops = attachedLoops(image);
        if (loops.size() > 1) {
            log.warn("Volume image {} is attached to {} loop devices", image, loops);
        }
        return loops.stream().findFirst();
    }

    /** The loop devices this file is attached to ("/dev/loop3: [65024]:2146331 (/path)" per line). */
    private static List<String> attachedLoops(Path image) {
        List<String> loops = new ArrayList<>();
        for (String line : run("losetup", "--associated", image.toString()).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                loops.add(line.substring(0, colon));
            }
        }
        return loops;
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> T locked(Step<T> step) {
        local.lock();
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(
                            directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                return step.run();
            }
        } catch (IOException e) {
            throw new EngineRefusedException("the volume's file system: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** Runs a tool of the host; its output, or EngineRefusedException with its message when it fails. */
    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EngineRefusedException(command[0] + " did not finish", null);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new EngineRefusedException(command[0] + " failed: " + text.strip(), null);
            }
            return text;
        } catch (IOException e) {
            throw new EngineRefusedException(command[0] + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineRefusedException(command[0] + " was interrupted", e);
        }
    }
}

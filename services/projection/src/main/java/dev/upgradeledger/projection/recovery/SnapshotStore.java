package dev.upgradeledger.projection.recovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshot directory ({@code ledger.projection.snapshots.directory}): one folder per snapshot, named by its id,
 * holding a gzip COPY dump per table and {@code manifest.json}. A snapshot is written into a hidden folder and renamed
 * into place once complete, so a folder with a manifest is always a whole snapshot.
 */
@Component
public class SnapshotStore {

    static final String MANIFEST = "manifest.json";
    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

    private final Path directory;
    private final JsonMapper json = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    SnapshotStore(RecoveryProperties properties) {
        this.directory = properties.snapshots().directory().toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** A folder to write a new snapshot's files into; {@link #publish} moves it into place. */
    Path begin(String id) {
        try {
            Path partial = directory.resolve("." + id + ".partial");
            Files.createDirectories(partial);
            return partial;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a snapshot folder in " + directory, e);
        }
    }

    /** Writes the manifest into the finished folder and renames it to the snapshot's id. */
    SnapshotManifest publish(Path partial, SnapshotManifest manifest) {
        try {
            json.writeValue(partial.resolve(MANIFEST).toFile(), manifest);
            Files.move(partial, directory.resolve(manifest.id()), StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + manifest.id() + " to " + directory, e);
        }
    }

    void discard(Path partial) {
        deleteTree(partial);
    }

    /** Every complete snapshot, newest first. */
    public List<SnapshotManifest> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(directory)) {
            return folders.filter(folder -> !folder.getFileName().toString().startsWith("."))
                    .filter(folder -> Files.isRegularFile(folder.resolve(MANIFEST)))
                    .map(this::read)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(SnapshotManifest::id).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + directory, e);
        }
    }

    public Optional<SnapshotManifest> find(String id) {
        return list().stream().filter(manifest -> manifest.id().equals(id)).findFirst();
    }

    private Optional<SnapshotManifest> read(Path folder) {
        try {
            return Optional.of(json.readValue(folder.resolve(MANIFEST).toFile(), SnapshotManifest.class));
        } catch (JacksonException e) {
            log.warn("Ignoring snapshot {}: unreadable manifest ({})", folder, e.getMessage());
            return Optional.empty();
        }
    }

    /** The dump of one of the snapshot's tables, as written (compressed). */
    InputStream open(SnapshotManifest manifest, SnapshotManifest.TableDump table) throws IOException {
        return Files.newInputStream(directory.resolve(manifest.id()).resolve(table.file()));
    }

    /** Whether every file of the snapshot is there with the digest its manifest records. */
    boolean verifyFiles(SnapshotManifest manifest) {
        for (SnapshotManifest.TableDump table : manifest.tables()) {
            MessageDigest digest = sha256();
            try (InputStream in = open(manifest, table)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    digest.update(buffer, 0, read);
                }
                if (!HexFormat.of().formatHex(digest.digest()).equals(table.sha256())) {
                    log.warn("Snapshot {}: {} does not match its digest", manifest.id(), table.file());
                    return false;
                }
            } catch (IOException e) {
                log.warn("Snapshot {}: cannot read {} ({})", manifest.id(), table.file(), e.getMessage());
                return false;
            }
        }
        return true;
    }

    /** Deletes all but the {@code keep} newest snapshots. */
    void prune(int keep) {
        list().stream().skip(Math.max(keep, 1)).forEach(old -> deleteTree(directory.resolve(old.id())));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete {} completely", root, e);
        }
    }
}

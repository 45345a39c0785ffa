package dev.custodian.backup.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void anIdentityIsWrittenOwnerOnlyAndReadsBack() throws Exception {
        Identity id = Identity.generate();
        Path file = dir.resolve("backup.identity");
        id.write(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String text = Files.readString(file);
        assertTrue(text.startsWith("custodian-identity-v1\n"), text);
        Identity back = Identity.read(file);
        assertEquals(id.keyId(), back.keyId());
        assertEquals(id.recipient(), back.recipient());
        assertEquals(List.of(file), listing());

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.recipient().raw());
        assertEquals(HexFormat.of().formatHex(digest, 0, 8), id.keyId());
        assertEquals("Identity[" + id.keyId() + "]", id.toString());
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path file = dir.resolve("id");
        Files.writeString(file, "precious");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> Identity.generate().write(file));
        assertTrue(e.getMessage().contains("never overwritten"), e.getMessage());
        assertEquals("precious", Files.readString(file));
        assertThrows(FileAlreadyExistsException.class, () -> Identity.generate().recipient().write(file));
        assertEquals(List.of(file), listing(), "no temporary file is left");
    }

    @Test
    void aRecipientFileIsPublicAndReadsBack() throws IOException {
        Identity id = Identity.generate();
        Path file = dir.resolve("backup.pub");
        id.recipient().write(file);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(id.recipient(), Recipient.read(file));
        assertEquals(id.recipient(), Recipient.parse(id.recipient().keyText(), "the command line"));
        assertFalse(Files.readString(file).contains("private-key"));
    }

    @Test
    void malformedFilesAreRefusedInOneLineWithoutQuotingKeys() throws IOException {
        Identity id = Identity.generate();
        Path idFile = dir.resolve("id");
        id.write(idFile);
        Path pubFile = dir.resolve("pub");
        id.recipient().write(pubFile);
        String idText = Files.readString(idFile);
        String privateLine = idText.lines().filter(l -> l.startsWith("private-key:")).findFirst().orElseThrow();
        String privateB64 = privateLine.substring("private-key: x25519:".length());

        assertRefused(() -> Recipient.read(idFile), "recipient file " + idFile + " is not a recipient file: its first "
                + "line must be 'custodian-recipient-v1' (it is an identity file, which holds a private key: pass its "
                + "public key file instead)", privateB64);
        assertRefused(() -> Identity.read(pubFile), "identity file " + pubFile + " is not an identity file",
                privateB64);
        assertRefused(() -> Identity.read(write("empty", "")), "is not an identity file", null);
        assertRefused(() -> Identity.read(write("nokey", "custodian-identity-v1\n# nothing\n")),
                "has no 'private-key:' line", null);
        assertRefused(() -> Identity.read(write("twice", idText + privateLine + "\n")),
                "has more than one 'private-key:' line", privateB64);
        assertRefused(() -> Identity.read(write("short", "custodian-identity-v1\nprivate-key: x25519:AAAA\n")),
                "line 2 holds a malformed X25519 key", null);
        assertRefused(() -> Identity.read(write("bad64", "custodian-identity-v1\nprivate-key: x25519:" + privateB64
                .substring(1) + "!\n")), "holds a malformed X25519 key", privateB64.substring(1));
        assertRefused(() -> Identity.read(write("extra", idText + "hello: world\n")), "has an unexpected line",
                privateB64);
        assertRefused(() -> Identity.read(dir.resolve("absent")), "does not exist", null);
        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertRefused(() -> Identity.read(binary), "is not a text file", null);
    }

    @Test
    void passphraseFilesGiveTheirFirstLine() throws IOException {
        assertEquals("s3cret pass", new String(PassphraseFile.read(write("p", "s3cret pass\n"))));
        assertEquals("x", new String(PassphraseFile.read(write("crlf", "x\r\n"))));
        assertRefused(() -> PassphraseFile.read(write("e", "\n")), "is empty", null);
        assertRefused(() -> PassphraseFile.read(dir.resolve("none")), "does not exist", null);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    interface Action {
        void run() throws IOException;
    }

    private static void assertRefused(Action action, String expected, String secret) {
        CryptoException e = assertThrows(CryptoException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        if (secret != null) {
            assertFalse(e.getMessage().contains(secret), "the key is never quoted");
        }
    }
}

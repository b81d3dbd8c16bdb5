package edu.concurrency.grader.fork;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the lines of a fork's results file with HMAC-SHA256 (RFC 2104) under a key only the grader
 * and the fork's runner know, so that submission code running in the same JVM cannot forge a
 * verdict by writing to the file.
 *
 * <p>The grader hands the key to the fork on stdin, which {@link ForkMain} reads before any
 * submission class is loaded; the key is kept in an instance, never in a static field.
 */
public final class ResultSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private final byte[] key;

    public ResultSigner(byte[] key) {
        this.key = key.clone();
    }

    /** A fresh random 256-bit key. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** {@code payload} followed by a tab and its signature (hex). */
    public String sign(String payload) {
        return payload + "\t" + mac(payload);
    }

    /**
     * The payload of a signed line.
     *
     * @return the payload, or null when the line is not signed with this key
     */
    public String verify(String line) {
        int tab = line.lastIndexOf('\t');
        if (tab < 0) {
            return null;
        }
        String payload = line.substring(0, tab);
        return java.security.MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                line.substring(tab + 1).getBytes(StandardCharsets.US_ASCII)) ? payload : null;
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

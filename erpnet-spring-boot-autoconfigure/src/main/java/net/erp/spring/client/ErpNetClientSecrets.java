package net.erp.spring.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Creates the secret of an ERP.net trusted application and the hash the instance stores.
 * <p>
 * The instance keeps only {@code base64(sha256(secret))} in the trusted application's
 * {@code ApplicationSecretHash}; the application sends the plain secret. To print a new
 * secret and its hash without writing code, run {@code java tools/NewClientSecret.java}
 * from a clone of the repository.
 */
public final class ErpNetClientSecrets {

	private static final int SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ErpNetClientSecrets() {
	}

	/**
	 * Generate a new random secret: 256 bits from a {@link SecureRandom}, URL-safe Base64
	 * without padding (43 characters), safe to put in environment variables and YAML.
	 * @return a new secret
	 */
	public static String generate() {
		byte[] bytes = new byte[SECRET_BYTES];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Compute the value of {@code ApplicationSecretHash} for a secret:
	 * {@code base64(sha256(utf8(secret)))}.
	 * @param secret the plain secret
	 * @return the standard Base64 of the secret's SHA-256 digest
	 */
	public static String hash(String secret) {
		if (secret == null || secret.isEmpty()) {
			throw new IllegalArgumentException("secret must not be empty");
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}


	/**
	 * HMAC-SHA256 of a text, keyed with the given key: who does not have the key cannot
	 * compute it.
	 */
	static byte[] hmacSha256(byte[] key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every Java platform", ex);
		}
	}

	/**
	 * The first 16 bytes of an HMAC-SHA256 of a text, keyed with the given key, URL-safe
	 * Base64: names a text without revealing it.
	 * @param key the key
	 * @param text the text
	 * @return the fingerprint
	 */
	public static String fingerprint(byte[] key, String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hmacSha256(key, text), 16));
	}

}

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Prints a new secret for an ERP.net trusted application and the hash the instance
 * stores. Needs nothing but Java 17: run {@code java tools/NewClientSecret.java}.
 * <p>
 * The same as {@code ErpNetClientSecrets.generate()} and {@code hash(secret)}: 256 random
 * bits as URL-safe Base64 without padding, and {@code base64(sha256(utf8(secret)))}.
 */
class NewClientSecret {

	public static void main(String[] args) throws Exception {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		System.out.println("erpnet.client-secret (keep it secret): " + secret);
		System.out.println("ApplicationSecretHash (for the trusted application): "
				+ Base64.getEncoder().encodeToString(digest));
	}

}

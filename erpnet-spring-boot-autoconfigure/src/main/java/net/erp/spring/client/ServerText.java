package net.erp.spring.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.util.StringUtils;

/**
 * Makes text that a token endpoint wrote fit for an exception message, a log line and a
 * health detail: one printable line of bounded length, with the client secret masked in
 * every form the request carried it, since a proxy or a hostile server may echo the
 * request.
 */
final class ServerText {

	private static final int LONGEST = 300;

	private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+");

	private static final String MASK = "******";

	private final List<String> secretForms;

	ServerText(ClientRegistration registration) {
		String secret = registration.getClientSecret();
		if (!StringUtils.hasLength(secret)) {
			this.secretForms = List.of();
			return;
		}
		// As sent: plain, form-encoded, and inside the Basic credentials
		String encodedSecret = URLEncoder.encode(secret, StandardCharsets.UTF_8);
		String credentials = URLEncoder.encode(registration.getClientId(), StandardCharsets.UTF_8) + ":"
				+ encodedSecret;
		this.secretForms = List.of(secret, encodedSecret,
				Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The text made fit for a message.
	 * @param text what the server wrote
	 * @return the text, or {@code null} if nothing printable is left
	 */
	@Nullable String clean(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String masked = text;
		for (String secretForm : this.secretForms) {
			masked = masked.replace(secretForm, MASK);
		}
		String printable = UNPRINTABLE.matcher(masked).replaceAll(" ").strip();
		if (printable.isEmpty()) {
			return null;
		}
		if (printable.length() <= LONGEST) {
			return printable;
		}
		int end = Character.isHighSurrogate(printable.charAt(LONGEST - 1)) ? LONGEST - 1 : LONGEST;
		return printable.substring(0, end) + "…";
	}

}

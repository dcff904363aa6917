package net.erp.spring.boot.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import net.erp.spring.boot.autoconfigure.InvalidErpNetPropertiesException.Problem;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.StringUtils;

/**
 * The ERP.net instance the client talks to, checked from the {@code erpnet.*}
 * properties: its URL, the Domain API root and the client credentials registration.
 */
final class ErpNetInstance {

	static final String REGISTRATION_ID = "erpnet";

	/**
	 * What meters, observations and the health call the default instance; no other
	 * instance may have this name.
	 */
	static final String DEFAULT_NAME = "default";

	private static final String TOKEN_PATH = "/id/connect/token";

	private static final String EXAMPLE_URL = "https://demodb.my.erp.net";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

	private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,100}");

	private static final Pattern IPV4_LITERAL = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern FLAT_PROPERTY = Pattern
		.compile("erpnet\\.(?!allow-insecure-http)([a-z][a-z-]*(?:\\.[a-z][a-z-]*)*)");

	private static final List<ClientAuthenticationMethod> AUTHENTICATION_METHODS = List
		.of(ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);

	private final URI url;

	private final URI domainApiUrl;

	private final ClientRegistration clientRegistration;

	private ErpNetInstance(URI url, URI domainApiUrl, ClientRegistration clientRegistration) {
		this.url = url;
		this.domainApiUrl = domainApiUrl;
		this.clientRegistration = clientRegistration;
	}

	/**
	 * The instance URL without a trailing slash, for example
	 * {@code https://demodb.my.erp.net}.
	 */
	URI url() {
		return this.url;
	}

	/**
	 * The Domain API root, ending with a slash.
	 */
	URI domainApiUrl() {
		return this.domainApiUrl;
	}

	String registrationId() {
		return this.clientRegistration.getRegistrationId();
	}

	/**
	 * The registration id of the instance of the given name: {@code erpnet} for the
	 * default one, else {@code erpnet.<name>}.
	 */
	static String registrationId(String name) {
		return name.isEmpty() ? REGISTRATION_ID : REGISTRATION_ID + "." + name;
	}

	/**
	 * The name that meters, observations and the health show for the instance of the
	 * given name.
	 */
	static String displayName(String name) {
		return name.isEmpty() ? DEFAULT_NAME : name;
	}

	ClientRegistration clientRegistration() {
		return this.clientRegistration;
	}

	@Override
	public String toString() {
		// ClientRegistration.toString() shows the secret: never include it
		return "ErpNetInstance[url=" + this.url + ", clientId=" + this.clientRegistration.getClientId() + "]";
	}

	/**
	 * Check the connection details and the properties and describe the instance they
	 * configure.
	 * @param properties the properties
	 * @param connectionDetails where the instance is and how to authenticate; when they
	 * come from the properties, every missing property is reported
	 * @return the instance
	 * @throws InvalidErpNetPropertiesException listing every problem found
	 */
	static ErpNetInstance of(ErpNetProperties properties, ErpNetConnectionDetails connectionDetails) {
		return of(REGISTRATION_ID, UnaryOperator.identity(), properties, connectionDetails);
	}

	/**
	 * Check the connection details and the settings of an instance whose settings are
	 * not the flat properties, and describe it.
	 * @param registrationId the registration id of its client registration
	 * @param naming what the problems call a setting, given its flat property name such
	 * as {@code erpnet.client-id}
	 * @param properties its settings, with those it inherits
	 * @param connectionDetails where the instance is and how to authenticate
	 * @return the instance
	 * @throws InvalidErpNetPropertiesException listing every problem found
	 */
	static ErpNetInstance of(String registrationId, UnaryOperator<String> naming, ErpNetProperties properties,
			ErpNetConnectionDetails connectionDetails) {
		boolean fromProperties = connectionDetails instanceof PropertiesErpNetConnectionDetails;
		List<Problem> problems = new ArrayList<>();
		String instanceUrl = fromProperties ? properties.getInstanceUrl() : connectionDetails.getInstanceUrl();
		URI url = url("erpnet.instance-url", instanceUrl, EXAMPLE_URL, properties.isAllowInsecureHttp(), problems);
		if (instanceUrl == null && registrationId.equals(REGISTRATION_ID)) {
			problems.replaceAll((problem) -> problem.property().equals("erpnet.instance-url")
					? new Problem(problem.property(), problem.description(), problem.action()
							+ " An application whose instances are all registered at run time sets "
							+ "erpnet.default-instance.enabled=false instead.")
					: problem);
		}
		String clientId = required("erpnet.client-id",
				fromProperties ? properties.getClientId() : connectionDetails.getClientId(),
				"Set erpnet.client-id to the ApplicationUri of the instance's trusted application.", problems);
		String clientSecret = required("erpnet.client-secret",
				fromProperties ? properties.getClientSecret() : connectionDetails.getClientSecret(),
				"Set erpnet.client-secret to the plain secret of the trusted application, for example "
						+ "erpnet.client-secret=${ERPNET_CLIENT_SECRET}.",
				problems);
		List<String> scopes = scopes(properties.getScopes(), problems);
		String configuredTokenUri = connectionDetails.getTokenUri();
		URI tokenUri = (configuredTokenUri != null)
				? url("erpnet.token-uri", configuredTokenUri, EXAMPLE_URL + TOKEN_PATH, properties.isAllowInsecureHttp(),
						problems)
				: (url != null) ? URI.create(url + TOKEN_PATH) : null;
		ClientAuthenticationMethod authenticationMethod = authenticationMethod(
				properties.getClientAuthenticationMethod(), problems);
		String domainApiPath = domainApiPath(properties.getDomainApi().getPath(), problems);
		checkDurations(properties, problems);
		checkCounts(properties, problems);
		if (!problems.isEmpty()) {
			throw new InvalidErpNetPropertiesException(
					problems.stream().map((problem) -> named(problem, naming)).toList());
		}
		ClientRegistration clientRegistration = ClientRegistration.withRegistrationId(registrationId)
			.clientId(clientId)
			.clientSecret(clientSecret)
			.clientAuthenticationMethod(authenticationMethod)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope(scopes)
			.tokenUri(tokenUri.toString())
			.clientName("ERP.net " + url)
			.build();
		return new ErpNetInstance(url, URI.create(url + domainApiPath), clientRegistration);
	}

	// The checks name the flat properties; erpnet.allow-insecure-http is the same for all
	private static Problem named(Problem problem, UnaryOperator<String> naming) {
		return new Problem(named(problem.property(), naming), named(problem.description(), naming),
				named(problem.action(), naming));
	}

	private static String named(String text, UnaryOperator<String> naming) {
		return FLAT_PROPERTY.matcher(text).replaceAll((match) -> Matcher.quoteReplacement(naming.apply(match.group())));
	}

	private static void checkDurations(ErpNetProperties properties, List<Problem> problems) {
		ErpNetProperties.TokenRequest tokenRequest = properties.getTokenRequest();
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		ErpNetProperties.Retry retry = domainApi.getRetry();
		notNegative("erpnet.token-refresh-skew", properties.getTokenRefreshSkew(), "60s", problems);
		positive("erpnet.token-request.connect-timeout", tokenRequest.getConnectTimeout(), "5s", problems);
		positive("erpnet.token-request.response-timeout", tokenRequest.getResponseTimeout(), "10s", problems);
		notNegative("erpnet.token-request.backoff", tokenRequest.getBackoff(), "500ms", problems);
		notNegative("erpnet.token-request.error-cooldown", tokenRequest.getErrorCooldown(), "10s", problems);
		positive("erpnet.domain-api.connect-timeout", domainApi.getConnectTimeout(), "5s", problems);
		positive("erpnet.domain-api.response-timeout", domainApi.getResponseTimeout(), "60s", problems);
		notNegative("erpnet.domain-api.retry.initial-backoff", retry.getInitialBackoff(), "500ms", problems);
		notNegative("erpnet.domain-api.retry.max-backoff", retry.getMaxBackoff(), "10s", problems);
		notNegative("erpnet.domain-api.retry.time-limit", retry.getTimeLimit(), "60s", problems);
	}

	private static void checkCounts(ErpNetProperties properties, List<Problem> problems) {
		ErpNetProperties.DomainApi domainApi = properties.getDomainApi();
		atLeast("erpnet.domain-api.max-concurrent-requests", domainApi.getMaxConcurrentRequests(), 1,
				"1 (the default, as ERP.net serves one request per session at a time)", problems);
		atLeast("erpnet.domain-api.max-queued-requests", domainApi.getMaxQueuedRequests(), 0, "256 (the default)",
				problems);
		atLeast("erpnet.domain-api.max-requests-per-minute", domainApi.getMaxRequestsPerMinute(), 0,
				"600 (the default, ERP.net's limit per session); 0 turns pacing off", problems);
		if (domainApi.getPageSize() < 1 || domainApi.getPageSize() > 1000) {
			problems.add(new Problem("erpnet.domain-api.page-size",
					"erpnet.domain-api.page-size is " + domainApi.getPageSize() + "; it must be between 1 and 1000.",
					"Set erpnet.domain-api.page-size to 1000 (the default, the most ERP.net advises) or less."));
		}
		atLeast("erpnet.domain-api.retry.max-attempts", domainApi.getRetry().getMaxAttempts(), 1,
				"4 (the default); 1 turns retries off", problems);
		atLeast("erpnet.token-request.max-attempts", properties.getTokenRequest().getMaxAttempts(), 1,
				"3 (the default); 1 turns retries off", problems);
	}

	private static void positive(String property, Duration value, String example, List<Problem> problems) {
		if (value.isNegative() || value.isZero()) {
			problems.add(new Problem(property, property + " is " + value + "; it must be positive.",
					"Set " + property + " to a positive duration, for example " + example + " (the default)."));
		}
	}

	private static void notNegative(String property, Duration value, String example, List<Problem> problems) {
		if (value.isNegative()) {
			problems.add(new Problem(property, property + " is negative (" + value + ").",
					"Set " + property + " to a positive duration, for example " + example + " (the default)."));
		}
	}

	private static void atLeast(String property, int value, int minimum, String example, List<Problem> problems) {
		if (value < minimum) {
			problems.add(new Problem(property, property + " is " + value + "; it must be at least " + minimum + ".",
					"Set " + property + " to " + example + "."));
		}
	}

	/**
	 * The value as given, or {@code null} with a problem when it is missing, blank, an
	 * unresolved placeholder or has surrounding whitespace. Nothing is trimmed: Instance
	 * ID compares the client id and the secret's hash exactly, so a stray newline from a
	 * secrets file must fail here, not as {@code invalid_client} on the first call.
	 */
	private static @Nullable String required(String property, @Nullable String value, String action,
			List<Problem> problems) {
		if (value == null || value.isEmpty()) {
			problems.add(new Problem(property, property + " is not set.", action));
			return null;
		}
		if (value.isBlank()) {
			problems.add(new Problem(property, property + " is blank.", action));
			return null;
		}
		Matcher placeholder = PLACEHOLDER.matcher(value);
		if (placeholder.find()) {
			problems.add(unresolvedPlaceholder(property, placeholder.group(1).split(":", 2)[0]));
			return null;
		}
		if (!value.equals(value.strip())) {
			problems.add(new Problem(property,
					property + " has leading or trailing whitespace; it is used exactly as given, not trimmed.",
					"Remove the whitespace (often a newline at the end of a file or variable) where " + property
							+ " comes from."));
			return null;
		}
		return value;
	}

	// The placeholder's name is shown only when it looks like one, never other text of the value
	private static Problem unresolvedPlaceholder(String property, String name) {
		if (!PLACEHOLDER_NAME.matcher(name).matches()) {
			return new Problem(property, property + " holds an unresolved placeholder.",
					"Set the property or environment variable that its placeholder names.");
		}
		return new Problem(property,
				property + " is the unresolved placeholder ${" + name + "}: no property or environment variable "
						+ name + " is set.",
				"Set the environment variable " + name + " (or the property " + name + ", for example from a "
						+ "secrets file imported with spring.config.import=optional:configtree:/run/secrets/).");
	}

	private static @Nullable URI url(String property, @Nullable String value, String example,
			boolean allowInsecureHttp, List<Problem> problems) {
		String action = "Set " + property + " to an https:// URL, for example " + example + ".";
		String text = required(property, value, action, problems);
		if (text == null) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			problems.add(new Problem(property, property + " is not a valid URL: " + ex.getMessage() + ".", action));
			return null;
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"https".equals(scheme) && !"http".equals(scheme) || uri.getHost() == null) {
			problems.add(new Problem(property,
					property + " '" + text + "' is not an absolute http:// or https:// URL with a host.", action));
			return null;
		}
		if (uri.getRawUserInfo() != null) {
			problems.add(new Problem(property, property + " contains user information.",
					"Remove the user information from " + property + "; the client authenticates with "
							+ "erpnet.client-id and erpnet.client-secret."));
			return null;
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			problems.add(new Problem(property, property + " '" + text + "' has a query or a fragment.", action));
			return null;
		}
		if ("http".equals(scheme) && !allowInsecureHttp && !isLoopback(uri.getHost())) {
			problems.add(new Problem(property,
					property + " '" + text + "' uses http:// to a host that is not a loopback address; the secret "
							+ "and the tokens would travel unencrypted.",
					"Use https:// in " + property + ", or set erpnet.allow-insecure-http=true if the network is "
							+ "trusted."));
			return null;
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath().replaceAll("/+$", "") : "";
		return URI.create(scheme + "://" + uri.getRawAuthority() + path);
	}

	/**
	 * Whether the host is a loopback address written as one (an IP literal in
	 * 127.0.0.0/8 or {@code ::1}) or the name {@code localhost}. Decided on the text
	 * alone: no name is looked up, so {@code 127.0.0.1.nip.io} is not loopback.
	 */
	static boolean isLoopback(String host) {
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (IPV4_LITERAL.matcher(host).matches()) {
			return host.startsWith("127.");
		}
		if (host.length() > 2 && host.startsWith("[") && host.endsWith("]") && host.contains(":")) {
			try {
				// With a colon, getByName parses an IPv6 literal and never asks DNS
				return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}
		return false;
	}

	private static List<String> scopes(List<String> configured, List<Problem> problems) {
		List<String> scopes = configured.stream()
			.flatMap((scope) -> Arrays.stream(scope.strip().split("\\s+")))
			.filter(StringUtils::hasText)
			.distinct()
			.toList();
		if (scopes.isEmpty()) {
			problems.add(new Problem("erpnet.scopes", "erpnet.scopes is empty.",
					"Set erpnet.scopes to 'read' or 'read,update'; without a scope the token would get every scope "
							+ "of the trusted application."));
		}
		return scopes;
	}

	private static @Nullable ClientAuthenticationMethod authenticationMethod(String configured,
			List<Problem> problems) {
		for (ClientAuthenticationMethod method : AUTHENTICATION_METHODS) {
			if (method.getValue().equalsIgnoreCase(configured.strip().replace('-', '_'))) {
				return method;
			}
		}
		problems.add(new Problem("erpnet.client-authentication-method",
				"erpnet.client-authentication-method '" + configured + "' is not supported.",
				"Set erpnet.client-authentication-method to client_secret_post (the default, as ERP.net documents) "
						+ "or client_secret_basic."));
		return null;
	}

	private static String domainApiPath(String configured, List<Problem> problems) {
		String path = configured.strip();
		if (path.isEmpty() || path.contains("?") || path.contains("#") || path.contains("://")) {
			problems.add(new Problem("erpnet.domain-api.path",
					"erpnet.domain-api.path '" + configured + "' is not a path.",
					"Set erpnet.domain-api.path to the path of the Domain API root, for example /api/domain/odata/ "
							+ "(the default)."));
			return "";
		}
		return (path.startsWith("/") ? "" : "/") + path + (path.endsWith("/") ? "" : "/");
	}

}

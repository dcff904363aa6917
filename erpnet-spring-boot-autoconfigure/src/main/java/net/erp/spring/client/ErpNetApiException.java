package net.erp.spring.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error answer of the ERP.net Domain API: its HTTP status and, from the ERP.net error
 * body (flat or wrapped in {@code "error"}), the error code, the server's exception type
 * and the message. Business and validation errors come as HTTP 500.
 * <p>
 * The server's {@code info}, which may hold a stack trace, is kept in
 * {@link #getInfo()} but is not part of the message.
 */
public class ErpNetApiException extends RuntimeException implements ErpNetException {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final int LONGEST_TEXT_BODY = 500;

	private final int statusCode;

	private final @Nullable Integer errorCode;

	private final @Nullable String type;

	private final String errorMessage;

	private final @Nullable String info;

	/**
	 * Create a new instance.
	 * @param statusCode the HTTP status
	 * @param errorCode the ERP.net error code, if any
	 * @param type the server's exception type, if any
	 * @param errorMessage the error message
	 * @param info the server's details, if any
	 */
	public ErpNetApiException(int statusCode, @Nullable Integer errorCode, @Nullable String type, String errorMessage,
			@Nullable String info) {
		super(message(statusCode, errorCode, type, errorMessage));
		this.statusCode = statusCode;
		this.errorCode = errorCode;
		this.type = type;
		this.errorMessage = errorMessage;
		this.info = info;
	}

	/**
	 * Read an error answer.
	 * @param statusCode the HTTP status
	 * @param reasonPhrase the HTTP reason phrase, used when the body has no message
	 * @param body the body, empty if none
	 * @return the exception
	 */
	public static ErpNetApiException from(int statusCode, String reasonPhrase, String body) {
		JsonNode error = errorObject(body);
		if (error == null) {
			String text = body.strip();
			String message = text.isEmpty() ? reasonPhrase
					: (text.length() > LONGEST_TEXT_BODY) ? text.substring(0, LONGEST_TEXT_BODY) + "…" : text;
			return new ErpNetApiException(statusCode, null, null, message, null);
		}
		JsonNode code = error.get("code");
		Integer errorCode = (code != null && code.canConvertToInt()) ? code.asInt()
				: (code != null && code.isString() && code.asString().matches("-?\\d+")) ? Integer.valueOf(code.asString())
						: null;
		return new ErpNetApiException(statusCode, errorCode, text(error, "type"),
				(text(error, "message") != null) ? text(error, "message") : reasonPhrase, text(error, "info"));
	}

	private static @Nullable JsonNode errorObject(String body) {
		if (body.isBlank()) {
			return null;
		}
		try {
			return errorObject(jsonMapper.readTree(body));
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The ERP.net error object of a parsed body, flat or wrapped in {@code "error"}.
	 * @param json the body
	 * @return the object with the {@code message} and {@code code}, or {@code null} if it
	 * is no ERP.net error
	 */
	static @Nullable JsonNode errorObject(JsonNode json) {
		JsonNode wrapped = json.get("error");
		JsonNode error = (wrapped != null && wrapped.isObject()) ? wrapped : json;
		return (error.isObject() && (error.has("message") || error.has("code"))) ? error : null;
	}

	static @Nullable String text(JsonNode error, String field) {
		JsonNode value = error.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	private static String message(int statusCode, @Nullable Integer errorCode, @Nullable String type,
			String errorMessage) {
		StringBuilder message = new StringBuilder("ERP.net answered HTTP ").append(statusCode)
			.append(": ")
			.append(errorMessage);
		if (errorCode != null || type != null) {
			message.append(" [");
			if (errorCode != null) {
				message.append("code ").append(errorCode).append((type != null) ? ", " : "");
			}
			message.append((type != null) ? type : "").append(']');
		}
		return message.toString();
	}

	/**
	 * The HTTP status.
	 * @return the status code
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * The ERP.net error code, for example 2029 for a failed validation.
	 * @return the code, or {@code null}
	 */
	public @Nullable Integer getErrorCode() {
		return this.errorCode;
	}

	/**
	 * The server's exception type.
	 * @return the type, or {@code null}
	 */
	public @Nullable String getType() {
		return this.type;
	}

	/**
	 * The error message of the server, or the HTTP reason phrase.
	 * @return the message
	 */
	public String getErrorMessage() {
		return this.errorMessage;
	}

	/**
	 * An RFC 9457 problem for the callers of an endpoint that failed on this error: status
	 * 502 (Bad Gateway), since the failure is ERP.net's answer, with the message as
	 * {@code detail} and, in {@code erpnet}, the ERP.net status, code, type and message.
	 * The server's {@link #getInfo() info} is never part of it.
	 * @return the problem
	 */
	public ProblemDetail toProblemDetail() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, this.errorMessage);
		problem.setTitle("ERP.net Domain API error");
		Map<String, Object> erpNet = new LinkedHashMap<>();
		erpNet.put("status", this.statusCode);
		if (this.errorCode != null) {
			erpNet.put("code", this.errorCode);
		}
		if (this.type != null) {
			erpNet.put("type", this.type);
		}
		erpNet.put("message", this.errorMessage);
		problem.setProperty("erpnet", erpNet);
		return problem;
	}

	/**
	 * The server's details, which may hold a stack trace: log them at DEBUG at most.
	 * @return the details, or {@code null}
	 */
	public @Nullable String getInfo() {
		return this.info;
	}

}

package net.erp.spring.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Error bodies in the shape ERP.net sends them: wrapped in {@code "error"}, with
 * {@code message}, {@code code}, {@code type}, {@code info}, {@code messageFormat} and
 * {@code parameters}.
 */
final class ErpNetErrors {

	private static final ObjectMapper objectMapper = new ObjectMapper();

	private ErpNetErrors() {
	}

	static String body(int code, String type, String message) {
		ObjectNode error = objectMapper.createObjectNode();
		error.put("message", message);
		error.put("code", code);
		error.put("type", type);
		error.put("info", type + ": " + message + "\n   at Aloe.EnterpriseOne.Server (emulated stack trace)");
		error.putNull("messageFormat");
		error.putNull("parameters");
		ObjectNode body = objectMapper.createObjectNode();
		body.set("error", error);
		return body.toString();
	}

}

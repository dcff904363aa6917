package net.erp.spring.boot.autoconfigure;

import net.erp.spring.client.ErpNetApiException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders an {@link ErpNetApiException} that escapes a WebFlux or MVC controller as
 * {@link ErpNetApiException#toProblemDetail() its problem} instead of a bare 500.
 * Of lowest precedence, so that the application's own handlers for it win.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
final class ErpNetProblemDetailsExceptionHandler {

	@ExceptionHandler(ErpNetApiException.class)
	ResponseEntity<ProblemDetail> handleErpNetApiException(ErpNetApiException exception) {
		ProblemDetail problem = exception.toProblemDetail();
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}

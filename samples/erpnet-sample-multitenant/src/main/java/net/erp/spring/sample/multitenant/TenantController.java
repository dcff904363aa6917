package net.erp.spring.sample.multitenant;

import java.net.URI;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Adds, lists and removes tenants while the service runs. A new tenant's instance is
 * registered before it is stored, so a tenant whose connection is not valid is refused
 * with the field to fix, and stored nowhere. Answers never hold a secret.
 */
@RestController
@RequestMapping("/tenants")
class TenantController {

	private final Tenants tenants;

	private final TenantInstances instances;

	TenantController(Tenants tenants, TenantInstances instances) {
		this.tenants = tenants;
		this.instances = instances;
	}

	@GetMapping
	List<TenantView> list() {
		return this.tenants.findAll().stream().map(this::view).toList();
	}

	@PostMapping
	ResponseEntity<TenantView> add(@RequestBody Tenant tenant) {
		if (this.tenants.findById(tenant.id()).isPresent()) {
			throw new DuplicateKeyException("Tenant '" + tenant.id() + "' exists already");
		}
		this.instances.register(tenant);
		try {
			this.tenants.add(tenant);
		}
		catch (RuntimeException ex) {
			this.instances.remove(tenant.id());
			throw ex;
		}
		return ResponseEntity.created(URI.create("/tenants/" + tenant.id())).body(view(tenant));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		if (!this.tenants.delete(id)) {
			return ResponseEntity.notFound().build();
		}
		this.instances.remove(id);
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler
	ProblemDetail invalid(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail duplicate(DuplicateKeyException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	private TenantView view(Tenant tenant) {
		return new TenantView(tenant.id(), tenant.instanceUrl(), tenant.clientId(),
				this.tenants.countCustomers(tenant.id()));
	}

	record TenantView(String id, String instanceUrl, String clientId, int customers) {

	}

}

package net.erp.spring.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A minimal application, started in a fresh JVM by {@link Benchmarks}: it prints how long
 * {@code SpringApplication.run} took, in wall-clock time and in CPU time of the main
 * thread, and exits.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StartupProbe {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StartupProbe.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long startCpu = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		ConfigurableApplicationContext context = application.run(args);
		long millis = (System.nanoTime() - start) / 1_000_000;
		long cpuMillis = (threads.getCurrentThreadCpuTime() - startCpu) / 1_000_000;
		System.out.println("STARTUP_MS=" + millis + " CPU_MS=" + cpuMillis + " BEANS=" + context.getBeanDefinitionCount());
		context.close();
	}

}

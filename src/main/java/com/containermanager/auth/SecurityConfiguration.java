package com.containermanager.auth;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.DatabaseSettings;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.time.Clock;
import javax.crypto.SecretKey;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Stateless bearer-token security: everything needs a token except registration, login, API docs and health. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, BearerAuthentication bearerAuthentication) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                HttpMethod.POST,
                                "/users",
                                "/users/login",
                                "/users/token/refresh",
                                "/users/token/logout")
                        .permitAll()
                        .requestMatchers("/swagger/**", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**")
                        .permitAll()
                        // The dashboard's page and static assets; what they call still needs a token.
                        .requestMatchers(HttpMethod.GET, "/", "/ui", "/ui/**", "/assets/**", "/webjars/xterm/**")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        // Served only on the management port (loopback by default): the port is the protection.
                        .requestMatchers("/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .denyAll()
                        .requestMatchers("/error")
                        .permitAll()
                        // The console's WebSocket handshake authenticates itself (a ticket or the bearer subprotocol),
                        // since browsers cannot set headers on a WebSocket.
                        .requestMatchers(HttpMethod.GET, "/containers/*/console")
                        .permitAll()
                        // Every other request: an authenticated caller whose token has the endpoint's scope.
                        .anyRequest()
                        .access(new EndpointScopes()))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationEntryPoint(JsonSecurityErrors.unauthorized())
                        .accessDeniedHandler(JsonSecurityErrors.permissionDenied())
                        .authenticationManagerResolver(request -> bearerAuthentication))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(JsonSecurityErrors.unauthorized())
                        .accessDeniedHandler(JsonSecurityErrors.permissionDenied()));
        return http.build();
    }

    @Bean
    BearerAuthentication bearerAuthentication(
            JwtDecoder jwtDecoder,
            KnownUsers knownUsers,
            ObjectProvider<PersonalTokens> personalTokens,
            KnownBearers knownBearers) {
        return new BearerAuthentication(jwtDecoder, knownUsers, personalTokens.getIfAvailable(), knownBearers);
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return JsonSecurityErrors.rejected();
    }

    @Bean
    SecretKey jwtSigningKey(
            AuthSettings auth,
            DataFolderSettings dataFolder,
            ObjectProvider<DatabaseSettings> database,
            ObjectProvider<JdbcClient> jdbc) {
        return JwtSecretProvider.key(auth, dataFolder, database::getObject, jdbc::getObject);
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey jwtSigningKey, Clock clock) {
        return new CachingJwtDecoder(
                NimbusJwtDecoder.withSecretKey(jwtSigningKey)
                        .macAlgorithm(MacAlgorithm.HS256)
                        .build(),
                clock);
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey jwtSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(jwtSigningKey));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}

package com.containermanager.sso;

import com.containermanager.web.JsonErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * The sign-in's own filter chain, ahead of the API's: the OAuth2 client's endpoints (/oauth2/authorization/{id}
 * starts a sign-in, /login/oauth2/code/{id} takes the provider's answer) and the anonymous endpoints around them.
 * Nothing is kept in a session or in this instance's memory: the request in PostgreSQL, no authorized client (the
 * provider's access token is not needed after the sign-in), the outcome handed over as a one-time code.
 */
@Configuration(proxyBeanMethods = false)
class SsoSecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain signInSecurity(
            HttpSecurity http,
            ProviderRegistrations registrations,
            DatabaseAuthorizationRequests requests,
            SignInCompletion completion)
            throws Exception {
        http.securityMatcher("/oauth2/**", "/login/oauth2/**", "/auth/**", "/users/login/sso")
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .oauth2Login(login -> login.loginPage(SignInCompletion.LANDING)
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(new NothingKept())
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestRepository(requests))
                        .successHandler(completion)
                        .failureHandler(completion))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, e) ->
                        JsonErrorWriter.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized")));
        return http.build();
    }

    /** The provider's tokens are not used after the sign-in: none is kept (no memory grows with sign-ins). */
    private static final class NothingKept implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(
                String clientRegistrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient authorizedClient,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String clientRegistrationId,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    }
}

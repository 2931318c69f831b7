package com.containermanager.sso;

import com.containermanager.group.Groups;
import com.containermanager.user.Accounts;
import com.containermanager.user.SignIns;
import com.containermanager.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end of a sign-in: the provider vouched for someone (Spring Security checked the ID token's signature, issuer,
 * audience, expiry and nonce). Their account is found, invited or made, their groups are those of the provider's
 * claim, and the browser goes to the dashboard's login page with a one-time code in the fragment. A refusal goes
 * there too, with its reason.
 */
@Component
class SignInCompletion implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    static final String LANDING = "/ui/login";
    private static final Logger log = LoggerFactory.getLogger(SignInCompletion.class);

    private final SsoSettings settings;
    private final SignIns signIns;
    private final Groups groups;
    private final Accounts accounts;
    private final SignInCodes codes;
    private final TransactionTemplate transactions;

    SignInCompletion(
            SsoSettings settings,
            SignIns signIns,
            Groups groups,
            Accounts accounts,
            SignInCodes codes,
            TransactionTemplate transactions) {
        this.settings = settings;
        this.signIns = signIns;
        this.groups = groups;
        this.accounts = accounts;
        this.codes = codes;
        this.transactions = transactions;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
        String provider = token.getAuthorizedClientRegistrationId();
        SsoSettings.Provider settingsOf = settings.providers().get(provider);
        OidcUser user = (OidcUser) token.getPrincipal();
        String name = user.getClaimAsString(settingsOf.usernameClaim());
        List<String> claimed =
                settingsOf.groupsClaim().isEmpty() ? List.of() : user.getClaimAsStringList(settingsOf.groupsClaim());
        try {
            String code = transactions.execute(status -> {
                SignIns.SignedIn signedIn =
                        signIns.signIn(provider, user.getSubject(), name == null ? user.getSubject() : name);
                groups.syncFromProvider(signedIn.userId(), claimed == null ? List.of() : claimed);
                accounts.recordLogin(signedIn.userId());
                log.info(
                        "Signed in through {}: user {}{}",
                        provider,
                        signedIn.userId(),
                        signedIn.created() ? " (new)" : "");
                return codes.issue(signedIn.userId());
            });
            response.sendRedirect(LANDING + "#sso_code=" + code + "&sso_provider=" + encode(provider));
        } catch (ApiException refused) {
            log.info("Sign-in through {} refused: {}", provider, refused.getMessage());
            response.sendRedirect(LANDING + "#sso_error=" + encode(refused.getMessage()));
        }
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        // The provider's or the protocol's words go to the log only; the user learns that it failed.
        log.info("Sign-in failed: {}", exception.getMessage());
        response.sendRedirect(LANDING + "#sso_error=" + encode("sign-in failed"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

package org.communeatlas.sos;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import org.communeatlas.core.ThrottledException;

/**
 * The public SOS form takes a few calls per client address and a bounded number in all (resilience4j's rate limiter,
 * one per address, kept while the address is active): a family asking twice is fine, a script filling the map with
 * false calls is not. Per server instance; behind several instances an address gets this much from each.
 */
public final class PublicSosLimit {

    private final RateLimiterConfig perAddress;
    private final RateLimiter everyone;
    private final Cache<String, RateLimiter> addresses = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(30)).build();

    public PublicSosLimit(int perAddress, Duration period, int total) {
        this.perAddress = RateLimiterConfig.custom().limitForPeriod(perAddress).limitRefreshPeriod(period).timeoutDuration(Duration.ZERO).build();
        this.everyone = RateLimiter.of("sos-public", RateLimiterConfig.custom().limitForPeriod(total).limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO).build());
    }

    /** The form's default: 5 calls per address in 10 minutes, 600 a minute in all. */
    public static PublicSosLimit standard() {
        return new PublicSosLimit(5, Duration.ofMinutes(10), 600);
    }

    /** Takes a permit for a call from {@code address}, or refuses with how long to wait (a 429). */
    public void acquire(String address) {
        RateLimiter limiter = addresses.get(address, a -> RateLimiter.of("sos-" + a, perAddress));
        if (!limiter.acquirePermission()) {
            throw new ThrottledException("Đã nhận nhiều yêu cầu từ máy này: nếu đang nguy hiểm, gọi ngay 112 hoặc 114; hoặc thử lại sau ít phút",
                    Math.max(1, perAddress.getLimitRefreshPeriod().toSeconds()));
        }
        if (!everyone.acquirePermission()) {
            throw new ThrottledException("Hệ thống đang nhận quá nhiều yêu cầu: gọi 112 hoặc 114, hoặc thử lại sau một phút", 60);
        }
    }
}

package com.containermanager.file;

import com.containermanager.platform.RelaxedCommits;
import com.containermanager.platform.TableRetention;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reservations that expired a lease ago: their uploads died; they count no more already, now they go. */
@Component
class UploadReservationRetention extends TableRetention {

    UploadReservationRetention(JdbcClient jdbc, RelaxedCommits relaxed) {
        super("upload-reservations", StorageQuota.LEASE, "upload_reservations", "expires_at", jdbc, relaxed);
    }
}

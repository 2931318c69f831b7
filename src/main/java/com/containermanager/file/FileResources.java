package com.containermanager.file;

import com.containermanager.user.spi.UserResources;
import org.springframework.stereotype.Component;

/** A deleted user's files: the folder and everything in it, and the quota's rows. */
@Component
class FileResources implements UserResources {

    private final UserFiles files;

    FileResources(UserFiles files) {
        this.files = files;
    }

    @Override
    public String kind() {
        return "files";
    }

    @Override
    public long removeAll(long userId) {
        return files.removeAll(userId);
    }
}

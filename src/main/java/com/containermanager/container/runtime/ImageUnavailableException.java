package com.containermanager.container.runtime;

/** The image is neither present nor pullable. */
public class ImageUnavailableException extends RuntimeException {
    public ImageUnavailableException(String message) {
        super(message);
    }
}

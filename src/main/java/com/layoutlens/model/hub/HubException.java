package com.layoutlens.model.hub;

import java.io.IOException;

/**
 * A download from a model hub failed. The message is meant for the user as it is: it names the
 * model, the file and what to do next (run again to resume, set a token, use another endpoint).
 */
public class HubException extends IOException {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}

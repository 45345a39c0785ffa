package dev.custodian;

/** Configuration that cannot work: thrown when it is built, naming the field at fault. */
public class ConfigurationException extends CustodianException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}

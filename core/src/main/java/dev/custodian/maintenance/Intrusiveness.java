package dev.custodian.maintenance;

/** How much a maintenance task gets in the application's way. */
public enum Intrusiveness {
    /** Safe while the application serves. */
    ONLINE,
    /** Takes locks that block the application: runs only when asked for by name. */
    EXCLUSIVE
}

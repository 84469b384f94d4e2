namespace FiveSocieties.Infrastructure.Startup;

/// A configuration or environment problem found while starting. Its message is one line that
/// says what to fix; the host prints it instead of a stack trace.
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

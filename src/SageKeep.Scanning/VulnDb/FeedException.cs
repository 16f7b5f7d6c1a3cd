namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// Thrown inside a feed parser when the input is malformed, so deep streaming code can stop at once;
/// the importer turns it into a failed <see cref="ImportResult"/> and never lets it escape.
/// </summary>
internal sealed class FeedException(string message) : Exception(message);

namespace SageKeep.Server.Services.S3;

internal enum PreconditionOutcome
{
    Proceed,
    NotModified,
    PreconditionFailed,
}

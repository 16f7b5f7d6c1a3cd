using Microsoft.Extensions.Logging;

namespace SageKeep.Runtime.Images;

internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Unpacked image {Digest} into the root filesystem cache")]
    public static partial void ImageUnpacked(ILogger logger, string digest);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Configuration;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>Registers the object store and the S3 operations this server answers.</summary>
internal static class S3ServiceCollectionExtensions
{
    public static IServiceCollection AddS3Operations(this IServiceCollection services)
    {
        services.AddObjectStore();
        services.TryAddSingleton<BucketPolicyCache>();
        services.TryAddSingleton<S3Services>();
        services.AddOptions<AwsProtocolOptions>().Configure<IServiceProvider>((options, sp) => options.S3Domain ??= sp.GetService<ServerSettings>()?.S3Domain);
        return services
            .AddOperation<CreateBucket>()
            .AddOperation<HeadBucket>()
            .AddOperation<ListBuckets>()
            .AddOperation<DeleteBucket>()
            .AddOperation<GetBucketLocation>()
            .AddOperation<PutObject>()
            .AddOperation<GetObject>()
            .AddOperation<HeadObject>()
            .AddOperation<DeleteObject>()
            .AddOperation<DeleteObjects>()
            .AddOperation<CopyObject>()
            .AddOperation<ListObjectsV2>()
            .AddOperation<ListObjects>()
            .AddOperation<CreateMultipartUpload>()
            .AddOperation<UploadPart>()
            .AddOperation<UploadPartCopy>()
            .AddOperation<CompleteMultipartUpload>()
            .AddOperation<AbortMultipartUpload>()
            .AddOperation<ListParts>()
            .AddOperation<ListMultipartUploads>()
            .AddOperation<PutBucketPolicy>()
            .AddOperation<GetBucketPolicy>()
            .AddOperation<DeleteBucketPolicy>()
            .AddOperation<PutBucketTagging>()
            .AddOperation<GetBucketTagging>()
            .AddOperation<DeleteBucketTagging>();
    }
}

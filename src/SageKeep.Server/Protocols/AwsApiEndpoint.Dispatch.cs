using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols.Json;
using SageKeep.Server.Protocols.Query;
using SageKeep.Server.Protocols.Rest;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols;

internal sealed partial class AwsApiEndpoint
{
    private async Task DispatchAsync(RequestState state, ResolvedTarget target, ApiRequest apiRequest, AuthenticationOutcome authenticated, CancellationToken ct)
    {
        var model = target.Model!;
        var request = state.Context.Request;

        // Step 8: the operation, and its input read from the wire.
        OperationModel? operation;
        InputReadResult input;
        switch (state.Protocol)
        {
            case ProtocolKind.AwsJson:
                operation = model.FindOperation(target.Operation);
                input = operation is null ? default : JsonRequestReader.Read(apiRequest.Body, _options.MaxJsonDepth, state.Protocol);
                break;
            case ProtocolKind.AwsQuery or ProtocolKind.Ec2Query:
                operation = model.FindOperation(target.Operation);
                input = operation is null ? default : BindQuery(model, operation, target.QueryTree!, state.Protocol);
                break;
            case ProtocolKind.RestJson:
                var match = RestJsonRequestReader.Match(model, request.Method, request.Path.Value ?? "/");
                operation = match?.Operation;
                input = match is null
                    ? default
                    : RestJsonRequestReader.Read(model, model.FindShape(match.Value.Operation.InputShape), match.Value.Labels, request.Headers, request.Query, apiRequest.Body, _options.MaxJsonDepth);
                break;
            default:
                var (name, s3Input) = S3RequestReader.Read(request.Method, request.Path.Value ?? "/", request.Query, request.Headers, _options.S3Domain);
                operation = model.FindOperation(name);
                input = InputReadResult.Ok(s3Input);
                break;
        }

        if (operation is null)
        {
            await SendErrorAsync(state, ProtocolErrors.UnknownOperation(state.Protocol, target.Operation, target.Version)).ConfigureAwait(false);
            return;
        }

        if (input.Error is not null)
        {
            await SendErrorAsync(state, input.Error).ConfigureAwait(false);
            return;
        }

        // Step 9: validate against the model (S3 inputs are checked by their handlers for now).
        if (state.Protocol != ProtocolKind.RestXml && model.FindShape(operation.InputShape) is { } inputShape
            && Validate(model, inputShape, input.Input!, state.Protocol) is { } invalid)
        {
            await SendErrorAsync(state, invalid).ConfigureAwait(false);
            return;
        }

        // Step 10: the handler, if this server implements the operation.
        if (handlers.Find(model.ServiceName, operation.Name) is not { } handler)
        {
            await SendErrorAsync(state, ProtocolErrors.NotImplemented(state.Protocol, model.ServiceName, operation.Name)).ConfigureAwait(false);
            return;
        }

        var context = new OperationContext(state.RequestId, model, operation, state.Protocol, authenticated.Principal!, input.Input!, apiRequest, state.Context)
        {
            Signature = authenticated.Signature,
        };
        state.Input = context.Input;
        state.Operation = operation;
        state.Model = model;
        OperationResult result;
        try
        {
            // Step 11: IAM authorisation of the action on its resources, before the handler runs (after the
            // limits AWS puts on GetSessionToken credentials).
            if (SessionRestrictions.Check(context.Principal, model.ServiceName) is { } restricted)
            {
                await SendErrorAsync(state, restricted).ConfigureAwait(false);
                return;
            }

            var access = await handler.DescribeAccessAsync(context, ct).ConfigureAwait(false);
            state.Access = access;
            var authorization = await authorizer.AuthorizeAsync(context, access, ct).ConfigureAwait(false);
            state.Authorization = authorization;
            if (!authorization.IsAllowed)
            {
                await SendErrorAsync(state, authorization.Error ?? AccessDeniedMessages.Error(state.Protocol, "Access Denied")).ConfigureAwait(false);
                return;
            }

            result = await handler.HandleAsync(context, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A handler bug: 500 with the request id so the operator can find the log line.
            Log.HandlerFailed(logger, model.ServiceName, operation.Name, state.RequestId, e);
            await SendErrorAsync(state, ProtocolErrors.Internal(state.Protocol, state.RequestId)).ConfigureAwait(false);
            return;
        }

        await SendResultAsync(state, model, operation, result, ct).ConfigureAwait(false);
    }

    internal static InputReadResult BindQuery(ServiceModel model, OperationModel operation, QueryNode tree, ProtocolKind protocol)
    {
        if (model.FindShape(operation.InputShape) is not { } shape)
        {
            return InputReadResult.Ok([]);
        }

        var report = new ValidationReport();
        var bound = QueryRequestReader.Bind(model, shape, tree, protocol, report);
        return report.IsValid ? InputReadResult.Ok(bound) : InputReadResult.Fail(ProtocolErrors.InputValidation(model.ServiceName, protocol, report.Message));
    }

    /// <summary>The protocol's validation error, or null when the input is valid.</summary>
    internal static AwsError? Validate(ServiceModel model, ShapeModel shape, JsonObject input, ProtocolKind protocol)
    {
        var report = ShapeValidator.Validate(model, shape, input);
        if (report.TypeMismatch is { } mismatch)
        {
            return ProtocolErrors.Serialization(protocol, mismatch);
        }

        return report.IsValid ? null : ProtocolErrors.InputValidation(model.ServiceName, protocol, report.Message);
    }
}

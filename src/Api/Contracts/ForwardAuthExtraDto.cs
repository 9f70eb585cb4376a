namespace SessionCluster.Api.Contracts;

public sealed record ForwardAuthExtraDto(string SessionId, string DeviceId, int Aal, bool ExpiresSoon);

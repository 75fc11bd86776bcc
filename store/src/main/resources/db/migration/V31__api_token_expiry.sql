-- API tokens may expire (xenvlan token create --expires 30d); NULL: the token never expires.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;

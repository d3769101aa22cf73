package server

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"lethe.io/prover-native/chunks"
	"lethe.io/prover-native/engine"
	pb "lethe.io/prover-native/gen/lethev1"
)

// Chunk statements travel with circuit = UNSPECIFIED and key_id = chunk-<kind> (no proto
// change): the sidecar decodes them with the chunk kind's instance and looks up its keys.
func TestChunkRequestsRouteByKeyID(t *testing.T) {
	cl := serve(t, &Server{Store: engine.NewStore(t.TempDir())}) // no dev setup: keys missing
	recv := func(keyID string, w []byte) error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		stream, err := cl.Prove(ctx, &pb.ProveRequest{KeyId: keyID, Witness: w})
		if err != nil {
			return err
		}
		for {
			if _, err := stream.Recv(); err != nil {
				return err
			}
		}
	}
	in, err := chunks.Sample("chunk-delta", 1)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := json.Marshal(in)
	err = recv("chunk-delta", w)
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "chunk-delta") {
		t.Fatalf("want the missing chunk-delta keys, got %v", err)
	}
	err = recv("chunk-cascade", []byte(`{"index":1,"nope":2}`))
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "chunk-cascade witness") {
		t.Fatalf("want a chunk-cascade witness error, got %v", err)
	}
	if err := recv("", w); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("unspecified circuit without a chunk key id: %v", err)
	}
}

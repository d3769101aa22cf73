package server

import (
	"context"
	"encoding/json"
	"math/rand"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"lethe.io/prover-native/circuits"
	"lethe.io/prover-native/engine"
	pb "lethe.io/prover-native/gen/lethev1"
)

func startServer(t *testing.T) pb.ProverClient {
	t.Helper()
	return serve(t, &Server{Store: engine.NewStore(t.TempDir()), DevSetup: true})
}

func serve(t *testing.T, srv *Server) pb.ProverClient {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	pb.RegisterProverServer(gs, srv)
	go gs.Serve(lis)
	t.Cleanup(gs.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return pb.NewProverClient(conn)
}

func TestSampleObsInstance(t *testing.T) {
	cl := startServer(t)
	ctx := context.Background()
	req := &pb.SampleObsInstanceRequest{Shape: &pb.ObsShape{Params: 130, Block: 64, Pruned: 2}, Seed: 5}
	res, err := cl.SampleObsInstance(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var in circuits.ObsInstance
	if err := json.Unmarshal(res.Witness, &in); err != nil {
		t.Fatal(err)
	}
	want, _ := circuits.SampleObs(circuits.ObsShape{Params: 130, Block: 64, Pruned: 2}, 5)
	if res.KeyId != "obs-n130-b64-p2" || len(in.WNew) != 130 || in.Public()[1] != want.Public()[1] {
		t.Fatalf("sample %s differs from circuits.SampleObs", res.KeyId)
	}
	if err := in.Prepare(); err != nil {
		t.Fatalf("served instance does not satisfy the statement: %v", err)
	}
	for _, sh := range []*pb.ObsShape{nil, {Params: 10, Block: 4, Pruned: 5}, {Params: 1 << 21, Block: 64, Pruned: 2}} {
		_, err := cl.SampleObsInstance(ctx, &pb.SampleObsInstanceRequest{Shape: sh})
		if status.Code(err) != codes.InvalidArgument {
			t.Errorf("shape %v: %v, want InvalidArgument", sh, err)
		}
	}
}

func TestProveVerifyListOverGRPC(t *testing.T) {
	cl := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	in, err := circuits.RandomCascade(circuits.CascadeShape{Params: 16}, rand.New(rand.NewSource(11)))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := json.Marshal(in)
	stream, err := cl.Prove(ctx, &pb.ProveRequest{Circuit: pb.Circuit_CIRCUIT_CASCADE_STEP, Witness: w, IncludeVk: true})
	if err != nil {
		t.Fatal(err)
	}
	var res *pb.ProofResult
	progress := 0
	for {
		ev, err := stream.Recv()
		if err != nil {
			break
		}
		switch e := ev.Event.(type) {
		case *pb.ProveEvent_Progress:
			progress++
		case *pb.ProveEvent_Result:
			res = e.Result
		case *pb.ProveEvent_Problem:
			t.Fatal(e.Problem.Message)
		}
	}
	if res == nil || progress == 0 || len(res.Vk) == 0 {
		t.Fatalf("no result/progress: %v %d", res, progress)
	}
	v, err := cl.Verify(ctx, &pb.VerifyRequest{KeyId: res.KeyId, Proof: res.Proof, PublicInputs: res.PublicInputs})
	if err != nil || !v.Valid {
		t.Fatalf("verify: %v %v", v, err)
	}
	bad := append([][]byte(nil), res.PublicInputs...)
	bad[0] = append([]byte(nil), bad[0]...)
	bad[0][31] ^= 1
	if v, _ := cl.Verify(ctx, &pb.VerifyRequest{KeyId: res.KeyId, Proof: res.Proof, PublicInputs: bad}); v.Valid {
		t.Fatal("altered input verified")
	}
	keys, err := cl.ListKeys(ctx, &pb.ListKeysRequest{})
	if err != nil || len(keys.Keys) != 1 || keys.Keys[0].Setup != "insecure-dev-setup" {
		t.Fatalf("list: %v %v", keys, err)
	}

	// a false statement is refused with a reason, not proven
	if err := in.Prepare(); err != nil {
		t.Fatal(err)
	}
	in.WNew[0]++
	w, _ = json.Marshal(in)
	stream, _ = cl.Prove(ctx, &pb.ProveRequest{Circuit: pb.Circuit_CIRCUIT_CASCADE_STEP, Witness: w})
	refused := false
	for {
		ev, err := stream.Recv()
		if err != nil {
			break
		}
		if p, ok := ev.Event.(*pb.ProveEvent_Problem); ok && p.Problem.Code == "UNSATISFIED" {
			refused = true
		}
		if _, ok := ev.Event.(*pb.ProveEvent_Result); ok {
			t.Fatal("false statement proven")
		}
	}
	if !refused {
		t.Fatal("no UNSATISFIED problem")
	}
	// malformed witness → InvalidArgument
	stream, _ = cl.Prove(ctx, &pb.ProveRequest{Circuit: pb.Circuit_CIRCUIT_OBS_UNLEARNING, Witness: []byte("{")})
	if _, err := stream.Recv(); err == nil {
		t.Fatal("malformed witness accepted")
	}
}

// A queued request still hears from the sidecar: the latest progress is repeated every heartbeat,
// which is what the Java client's idle timeout relies on.
func TestProveHeartbeatWhileQueued(t *testing.T) {
	srv := &Server{Store: engine.NewStore(t.TempDir()), DevSetup: true, Heartbeat: 10 * time.Millisecond}
	cl := serve(t, srv)
	in, err := circuits.RandomCascade(circuits.CascadeShape{Params: 8}, rand.New(rand.NewSource(1)))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := json.Marshal(in)
	srv.proving.Lock() // another proof is running
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stream, err := cl.Prove(ctx, &pb.ProveRequest{Circuit: pb.Circuit_CIRCUIT_CASCADE_STEP, Witness: w})
	if err != nil {
		t.Fatal(err)
	}
	for queued := 0; queued < 4; {
		ev, err := stream.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if p := ev.GetProgress(); p == nil || p.Stage != "queued" {
			t.Fatalf("while queued: %v", ev)
		}
		queued++
	}
	srv.proving.Unlock()
	for {
		ev, err := stream.Recv()
		if err != nil {
			t.Fatalf("no result: %v", err)
		}
		if ev.GetResult() != nil {
			return
		}
	}
}

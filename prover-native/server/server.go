// Package server implements the lethe.v1.Prover gRPC service (proto/prover.proto).
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"lethe.io/prover-native/circuits"
	"lethe.io/prover-native/engine"
	pb "lethe.io/prover-native/gen/lethev1"
)

// MaxWitnessBytes bounds one ProveRequest (also set as the gRPC receive limit).
const MaxWitnessBytes = 512 << 20

type Server struct {
	pb.UnimplementedProverServer
	Store    *engine.Store
	DevSetup bool // create missing keys with the INSECURE single-party setup
	// Heartbeat: interval of repeated progress events during Prove (DefaultHeartbeat when zero).
	Heartbeat time.Duration
	proving   sync.Mutex
	setupMu   sync.Mutex
}

func kindOf(c pb.Circuit) (string, error) {
	switch c {
	case pb.Circuit_CIRCUIT_OBS_UNLEARNING:
		return engine.KindObs, nil
	case pb.Circuit_CIRCUIT_CASCADE_STEP:
		return engine.KindCascade, nil
	}
	return "", status.Errorf(codes.InvalidArgument, "unknown circuit %v", c)
}

func circuitOf(keyID string) pb.Circuit {
	if engine.IsChunkKind(keyID) {
		return pb.Circuit_CIRCUIT_UNSPECIFIED // chunk statements are named by their key id
	}
	if len(keyID) > 3 && keyID[:3] == "obs" {
		return pb.Circuit_CIRCUIT_OBS_UNLEARNING
	}
	return pb.Circuit_CIRCUIT_CASCADE_STEP
}

func (s *Server) keys(id string) (*engine.Keys, error) {
	k, err := s.Store.Load(id)
	if err == nil || !errors.Is(err, engine.ErrNoKey) || !s.DevSetup {
		if err != nil {
			return nil, status.Error(codes.FailedPrecondition, err.Error())
		}
		return k, nil
	}
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	if k, err := s.Store.Load(id); err == nil {
		return k, nil
	}
	log.Printf("INSECURE dev setup for %s", id)
	k, err = engine.DevSetup(id)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if _, err := s.Store.Install(k, "insecure-dev-setup"); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return k, nil
}

// DefaultHeartbeat is how often Prove repeats its latest progress event while it waits or works,
// so that a client can apply an idle timeout however long one stage takes.
const DefaultHeartbeat = 10 * time.Second

func (s *Server) heartbeat() time.Duration {
	if s.Heartbeat > 0 {
		return s.Heartbeat
	}
	return DefaultHeartbeat
}

type progress struct {
	stage string
	frac  float64
}

type proved struct {
	keys *engine.Keys
	res  *engine.Result
	err  error // a gRPC status error: the request could not be served
	bad  error // the statement does not hold: reported as an UNSATISFIED problem
}

func (s *Server) Prove(req *pb.ProveRequest, stream pb.Prover_ProveServer) error {
	if len(req.Witness) > MaxWitnessBytes {
		return status.Errorf(codes.ResourceExhausted, "witness %d bytes above limit %d", len(req.Witness), MaxWitnessBytes)
	}
	var kind string
	if req.Circuit == pb.Circuit_CIRCUIT_UNSPECIFIED && engine.IsChunkKind(req.KeyId) {
		kind = req.KeyId // universal chunk statements: circuit unspecified, key_id chunk-<kind>
	} else {
		k, err := kindOf(req.Circuit)
		if err != nil {
			return err
		}
		kind = k
	}
	st, err := engine.Decode(kind, req.Witness)
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	if req.KeyId != "" && req.KeyId != st.KeyID() {
		return status.Errorf(codes.InvalidArgument, "key_id %q does not match the witness shape %q", req.KeyId, st.KeyID())
	}
	ctx := stream.Context()
	updates := make(chan progress, 8)
	done := make(chan proved, 1)
	go func() {
		done <- s.prove(ctx, st, func(stage string, f float64) {
			select {
			case updates <- progress{stage, f}:
			default:
			}
		})
	}()
	last := progress{"queued", 0}
	send := func(p progress) {
		_ = stream.Send(&pb.ProveEvent{Event: &pb.ProveEvent_Progress{Progress: &pb.Progress{Stage: p.stage, Fraction: p.frac}}})
	}
	send(last)
	tick := time.NewTicker(s.heartbeat())
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			// the proving goroutine finishes in the background; its result is dropped
			return status.FromContextError(ctx.Err()).Err()
		case last = <-updates:
			send(last)
		case <-tick.C:
			send(last)
		case o := <-done:
			if o.err != nil {
				return o.err
			}
			if o.bad != nil {
				return stream.Send(&pb.ProveEvent{Event: &pb.ProveEvent_Problem{Problem: &pb.Problem{Code: "UNSATISFIED", Message: o.bad.Error()}}})
			}
			return stream.Send(&pb.ProveEvent{Event: &pb.ProveEvent_Result{Result: result(o, req.IncludeVk)}})
		}
	}
}

// prove waits for the prover (one proof at a time: proving uses every core), loads or creates
// the keys and proves.
func (s *Server) prove(ctx context.Context, st engine.Statement, report func(string, float64)) proved {
	s.proving.Lock()
	defer s.proving.Unlock()
	if ctx.Err() != nil {
		return proved{err: status.FromContextError(ctx.Err()).Err()}
	}
	report("keys", 0.01)
	k, err := s.keys(st.KeyID())
	if err != nil {
		return proved{err: err}
	}
	res, err := engine.Prove(k, st, report)
	return proved{keys: k, res: res, bad: err}
}

func result(o proved, includeVK bool) *pb.ProofResult {
	vkBytes := engine.VKBytes(o.keys.VK)
	sum := sha256.Sum256(vkBytes)
	r := &pb.ProofResult{Proof: o.res.Proof, KeyId: o.keys.ID, ProveMillis: o.res.ProveMs, WitnessMillis: o.res.WitnessMs,
		Constraints: uint64(o.res.Constraints), VkSha256: sum[:]}
	if includeVK {
		r.Vk = vkBytes
	}
	for _, e := range o.res.Public {
		b := e.Bytes()
		r.PublicInputs = append(r.PublicInputs, b[:])
	}
	return r
}

// ParsePublic decodes 32-byte big-endian field elements, rejecting non-canonical ones.
func ParsePublic(in [][]byte) ([]fr.Element, error) {
	out := make([]fr.Element, len(in))
	for i, b := range in {
		if len(b) != fr.Bytes {
			return nil, fmt.Errorf("public input %d: %d bytes, want 32", i, len(b))
		}
		if err := out[i].SetBytesCanonical(b); err != nil {
			return nil, fmt.Errorf("public input %d: %w", i, err)
		}
	}
	return out, nil
}

func (s *Server) Verify(_ context.Context, req *pb.VerifyRequest) (*pb.VerifyResponse, error) {
	k, err := s.Store.Load(req.KeyId)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	pub, err := ParsePublic(req.PublicInputs)
	if err != nil {
		return &pb.VerifyResponse{Valid: false, Reason: err.Error()}, nil
	}
	if err := engine.Verify(k.VK, req.Proof, pub); err != nil {
		return &pb.VerifyResponse{Valid: false, Reason: err.Error()}, nil
	}
	return &pb.VerifyResponse{Valid: true, Reason: "ok"}, nil
}

func info(m *engine.Meta) *pb.KeyInfo {
	h, _ := hex.DecodeString(m.VKSha256)
	return &pb.KeyInfo{KeyId: m.KeyID, Circuit: circuitOf(m.KeyID), VkSha256: h, Constraints: uint64(m.Constraints), Setup: m.Setup}
}

func (s *Server) ListKeys(context.Context, *pb.ListKeysRequest) (*pb.ListKeysResponse, error) {
	resp := &pb.ListKeysResponse{}
	for _, m := range s.Store.List() {
		resp.Keys = append(resp.Keys, info(m))
	}
	return resp, nil
}

func (s *Server) GetKey(_ context.Context, req *pb.GetKeyRequest) (*pb.GetKeyResponse, error) {
	k, err := s.Store.Load(req.KeyId)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	m, err := s.Store.Meta(req.KeyId)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &pb.GetKeyResponse{Info: info(m), Vk: engine.VKBytes(k.VK)}, nil
}

// MaxSampleValues bounds SampleObsInstance (params·(pruned+3) numbers) so that its JSON answer
// fits the Java client's 64 MiB message limit.
const MaxSampleValues = 1 << 22

// SampleObsInstance draws the demo and benchmark OBS instance of a shape and seed.
func (s *Server) SampleObsInstance(_ context.Context, req *pb.SampleObsInstanceRequest) (*pb.SampleObsInstanceResponse, error) {
	sh := req.GetShape()
	if uint64(sh.GetParams())*(uint64(sh.GetPruned())+3) > MaxSampleValues {
		return nil, status.Errorf(codes.InvalidArgument, "shape %v above the sampling limit of %d values", sh, MaxSampleValues)
	}
	shape := circuits.ObsShape{Params: int(sh.GetParams()), Block: int(sh.GetBlock()), Pruned: int(sh.GetPruned())}
	in, err := circuits.SampleObs(shape, req.Seed)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	w, err := json.Marshal(in)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &pb.SampleObsInstanceResponse{Witness: w, KeyId: shape.KeyID()}, nil
}
